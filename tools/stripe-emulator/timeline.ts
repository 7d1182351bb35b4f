import type { Account } from './account.js';
import { emitBalanceAvailable, nextRelease, releaseDueFunds } from './ledger.js';
import { nextPayoutStep, runAutomaticPayout, stepPayout } from './payouts.js';
import { NO_REQUEST } from './types.js';

/**
 * Stripe's own steps that fall due as time passes: funds becoming available (`balance.available`), the
 * payout schedule sweeping the available balance, payouts moving on. `catchUp` runs every step due by now,
 * in time order and each at the moment it fell due, so that moving the clock a week on plays the week out.
 */
export function catchUp(account: Account): void {
  const { clock } = account.settlement;
  const until = clock.nowSeconds();
  for (let due = nextDue(account); due !== undefined && due <= until; due = nextDue(account)) {
    const at = due;
    clock.at(at, () => runDue(account, at));
  }
}

function nextDue(account: Account): number | undefined {
  const moments = [nextRelease(account), account.nextPayoutRun, ...account.payoutsInFlight.map(nextPayoutStep), ...account.dueSteps.map((step) => step.at)];
  const defined = moments.filter((moment): moment is number => moment !== undefined);
  return defined.length ? Math.min(...defined) : undefined;
}

function runDue(account: Account, at: number): void {
  for (const step of account.dueSteps.filter((candidate) => candidate.at <= at)) {
    account.dueSteps.splice(account.dueSteps.indexOf(step), 1);
    step.run();
  }
  if (releaseDueFunds(account, at)) emitBalanceAvailable(account, NO_REQUEST);
  if (account.nextPayoutRun !== undefined && account.nextPayoutRun <= at) {
    runAutomaticPayout(account);
    account.nextPayoutRun = account.settlement.calendar.nextPayoutRun(at);
  }
  for (const payout of account.payoutsInFlight.filter((inFlight) => nextPayoutStep(inFlight) <= at)) {
    if (stepPayout(account, payout)) account.payoutsInFlight.splice(account.payoutsInFlight.indexOf(payout), 1);
  }
}
