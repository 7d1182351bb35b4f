import { appendFileSync } from 'node:fs';

/**
 * Capture mode, for the fidelity test that checks the emulator's objects against the SDK's types: every API
 * response body and every event the emulator makes goes to the in-process listeners and, when
 * `STRIPE_EMULATOR_CAPTURE` names a file, is appended to it as one JSON line.
 */
export type Captured = { kind: 'response'; method: string; path: string; status: number; body: unknown } | { kind: 'event'; body: unknown };

const listeners = new Set<(captured: Captured) => void>();

/** Calls `listener` with everything emulators in this process produce from now on; returns the call that stops it. */
export function onCapture(listener: (captured: Captured) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function capture(captured: Captured): void {
  for (const listener of listeners) listener(structuredClone(captured));
  const file = process.env.STRIPE_EMULATOR_CAPTURE;
  if (file) appendFileSync(file, `${JSON.stringify(captured)}\n`);
}
