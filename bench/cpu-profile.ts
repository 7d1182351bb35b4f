/**
 * Loaded with `node --import` when BENCH_PROFILE is set: profiles the process from its start and writes
 * a .cpuprofile (open it in Chrome DevTools) on SIGWINCH, which the benchmark sends before stopping it
 * (not SIGUSR2: Nest's shutdown hooks stop the app on that one).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const file = process.env.BENCH_PROFILE_FILE;
if (!file) throw new Error('BENCH_PROFILE_FILE is not set');
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 500 });
await session.post('Profiler.start');

process.on('SIGWINCH', async () => {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  await session.post('Profiler.start');
});
