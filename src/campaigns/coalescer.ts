/** The clock and timers a Coalescer uses; the unit tests pass a fake one. */
export interface CoalescerClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: CoalescerClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface KeyState {
  lastStart: number;
  timer?: unknown;
  running: boolean;
  /** A signal arrived while a run was in flight: that run may have read the data before the change. */
  again: boolean;
}

/**
 * Runs `run(key)` after `signal(key)`, at most once per `intervalMs` per key: the first signal runs at once, signals
 * during the quiet interval that follows are merged into one run at its end, never dropped. Runs of one key never
 * overlap, so an older read can never be written after a newer one. A run that fails is tried again after the interval.
 */
export class Coalescer {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    private readonly intervalMs: number,
    private readonly run: (key: string) => Promise<void>,
    private readonly clock: CoalescerClock = systemClock,
  ) {}

  signal(key: string): void {
    let state = this.keys.get(key);
    if (!state) {
      state = { lastStart: Number.NEGATIVE_INFINITY, running: false, again: false };
      this.keys.set(key, state);
    }
    if (state.running) {
      state.again = true;
      return;
    }
    if (state.timer !== undefined) return;
    const wait = state.lastStart + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.start(key, state);
      return;
    }
    const waiting = state;
    waiting.timer = this.clock.setTimeout(() => {
      waiting.timer = undefined;
      if (this.keys.get(key) === waiting) this.start(key, waiting);
    }, wait);
  }

  /** Nobody cares about this key any more: drop its state and any run it was waiting for. */
  forget(key: string): void {
    const state = this.keys.get(key);
    if (state?.timer !== undefined) this.clock.clearTimeout(state.timer);
    this.keys.delete(key);
  }

  stop(): void {
    for (const key of [...this.keys.keys()]) this.forget(key);
  }

  private start(key: string, state: KeyState): void {
    state.running = true;
    state.again = false;
    state.lastStart = this.clock.now();
    void this.run(key)
      .catch(() => {
        state.again = true;
      })
      .finally(() => {
        state.running = false;
        if (state.again && this.keys.get(key) === state) {
          state.again = false;
          this.signal(key);
        }
      });
  }
}
