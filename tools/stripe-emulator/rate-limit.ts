const WINDOW_MS = 1_000;

/** At most `perSecond` accepted requests in any sliding one-second window; refused requests do not count. */
export class RateLimiter {
  private accepted: number[] = [];

  constructor(private readonly perSecond: number | undefined) {}

  tryAccept(now = Date.now()): boolean {
    if (this.perSecond === undefined) return true;
    this.accepted = this.accepted.filter((time) => now - time < WINDOW_MS);
    if (this.accepted.length >= this.perSecond) return false;
    this.accepted.push(now);
    return true;
  }
}
