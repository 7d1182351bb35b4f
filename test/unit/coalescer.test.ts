import { Coalescer, type CoalescerClock } from '../../src/campaigns/coalescer.js';

/** A clock that moves only when the test says so, running the timers that fall due. */
class FakeClock implements CoalescerClock {
  private time = 0;
  private timers: { at: number; run: () => void }[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(run: () => void, ms: number): unknown {
    const timer = { at: this.time + ms, run };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }

  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = due.at;
      due.run();
      await settle();
    }
    this.time = until;
    await settle();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function setup(runTakes?: () => Promise<void>) {
  const clock = new FakeClock();
  const runs: { key: string; at: number }[] = [];
  const coalescer = new Coalescer(
    1000,
    async (key) => {
      runs.push({ key, at: clock.now() });
      await runTakes?.();
    },
    clock,
  );
  return { clock, runs, coalescer };
}

describe('Coalescer', () => {
  it('runs the first change at once and merges the changes of the quiet second into one run at its end', async () => {
    const { clock, runs, coalescer } = setup();
    coalescer.signal('a');
    await settle();
    expect(runs).toEqual([{ key: 'a', at: 0 }]);
    for (let i = 0; i < 10; i++) {
      await clock.advance(50);
      coalescer.signal('a');
    }
    await clock.advance(2000);
    expect(runs).toEqual([
      { key: 'a', at: 0 },
      { key: 'a', at: 1000 },
    ]);
  });

  it('never runs a key more than once a second under a steady stream of changes, and drops none', async () => {
    const { clock, runs, coalescer } = setup();
    for (let t = 0; t < 5000; t += 100) {
      coalescer.signal('a');
      await clock.advance(100);
    }
    await clock.advance(1000);
    const times = runs.map((r) => r.at);
    expect(times).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
  });

  it('keeps keys apart: one busy campaign does not delay another', async () => {
    const { clock, runs, coalescer } = setup();
    coalescer.signal('a');
    await clock.advance(300);
    coalescer.signal('a');
    coalescer.signal('b');
    await clock.advance(1000);
    expect(runs).toEqual([
      { key: 'a', at: 0 },
      { key: 'b', at: 300 },
      { key: 'a', at: 1000 },
    ]);
  });

  it('runs again after a slow run when a change came during it, never two runs of a key at once', async () => {
    let finish: () => void = () => undefined;
    const { clock, runs, coalescer } = setup(() => new Promise<void>((resolve) => (finish = resolve)));
    coalescer.signal('a');
    await clock.advance(1500);
    coalescer.signal('a');
    await clock.advance(1500);
    expect(runs).toHaveLength(1);
    finish();
    await clock.advance(0);
    expect(runs).toEqual([
      { key: 'a', at: 0 },
      { key: 'a', at: 3000 },
    ]);
  });

  it('tries a failed run again after the interval', async () => {
    let failures = 1;
    const { clock, runs, coalescer } = setup(async () => {
      if (failures-- > 0) throw new Error('database away');
    });
    coalescer.signal('a');
    await clock.advance(1000);
    expect(runs.map((r) => r.at)).toEqual([0, 1000]);
  });

  it('forgets a key nobody watches any more, with the run it was waiting for', async () => {
    const { clock, runs, coalescer } = setup();
    coalescer.signal('a');
    await clock.advance(100);
    coalescer.signal('a');
    coalescer.forget('a');
    await clock.advance(2000);
    expect(runs).toHaveLength(1);
  });
});
