import { runTriggerRecipe, startEmulator, triggerRecipes } from './support.js';

const recipes = triggerRecipes();

describe('Stripe CLI trigger recipes', () => {
  it('found the recipes', () => {
    expect(recipes.length).toBeGreaterThanOrEqual(13);
  });

  it.each(recipes)('%s runs as against Stripe and ends with its event', async (eventType, steps) => {
    // The Stripe CLI's recipes are written for an American account: they pay out in usd what they charged in usd.
    const emulator = await startEmulator({ settlementCurrency: 'usd' });
    try {
      for (const { step, result } of await runTriggerRecipe(emulator, steps)) {
        if (step.expected_error_type) {
          expect({ step: step.name, status: result.status, type: result.body.error?.type }).toEqual({ step: step.name, status: 402, type: step.expected_error_type });
        } else {
          expect({ step: step.name, status: result.status, error: result.body.error }).toEqual({ step: step.name, status: 200, error: undefined });
        }
      }
      await emulator.idle();
      expect(emulator.events().map((event) => event.type)).toContain(eventType);
    } finally {
      await emulator.close();
    }
  });
});
