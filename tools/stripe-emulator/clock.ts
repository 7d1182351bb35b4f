/**
 * The emulator's clock: wall time plus whatever tests moved it forward. Every timestamp the emulator writes
 * (`created`, `available_on`, `arrival_date`, event times) comes from here through `nowSeconds()` in ids.ts,
 * except the `t=` of the webhook signature, which must stay wall time or the receiver rejects it as stale.
 */
export class EmulatorClock {
  private offsetSeconds = 0;
  /** Set while the emulator catches up with work that fell due at an earlier moment. */
  private pinnedAt: number | undefined;

  nowSeconds(): number {
    return this.pinnedAt ?? Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }

  advance(seconds: number): void {
    this.offsetSeconds += seconds;
  }

  /** Runs `work` with the clock reading `at`, so that what it creates carries the time it fell due. */
  at<T>(at: number, work: () => T): T {
    const previous = this.pinnedAt;
    this.pinnedAt = at;
    try {
      return work();
    } finally {
      this.pinnedAt = previous;
    }
  }
}

// Several emulators may run in one process (tests); each activates its own clock before it does any work,
// and the emulator's work runs synchronously, so the active clock is always that of the emulator at work.
let active: EmulatorClock | undefined;

export function activateClock(clock: EmulatorClock): void {
  active = clock;
}

export function activeNowSeconds(): number {
  return active ? active.nowSeconds() : Math.floor(Date.now() / 1000);
}
