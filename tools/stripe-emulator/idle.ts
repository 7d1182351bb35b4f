/** Counts work still in flight (webhook deliveries, Stripe's delayed state changes) so callers can wait for none. */
export class IdleTracker {
  private pending = 0;
  private waiters: Array<() => void> = [];

  begin(): void {
    this.pending++;
  }

  end(): void {
    this.pending--;
    if (this.pending > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  wait(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** Runs Stripe's "a moment later" steps after a short delay, counted by the idle tracker. */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly idle: IdleTracker,
    private readonly delayMs: number,
  ) {}

  later(step: () => void): void {
    this.idle.begin();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        step();
      } finally {
        this.idle.end();
      }
    }, this.delayMs);
    this.timers.add(timer);
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
