import { ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';

const started = new Set<ChildProcess>();

/** A compiled entrypoint of ours (API, worker) running as a process of its own, its output in a log file. */
export function startNode(entry: string, env: NodeJS.ProcessEnv, logFile: string, nodeArgs: string[] = []): ChildProcess {
  // Straight to the file: relaying the output through this process would cost the benchmark CPU.
  const log = openSync(logFile, 'a');
  const profile = process.env.BENCH_PROFILE ? ['--import', './dist/bench/cpu-profile.js'] : [];
  const profileFile = `${logFile}.${Date.now()}.cpuprofile`;
  const child = spawn(process.execPath, [...profile, ...nodeArgs, entry], {
    env: { PATH: process.env.PATH, BENCH_PROFILE_FILE: profileFile, ...env },
    stdio: ['ignore', log, log],
  });
  started.add(child);
  return child;
}

const hasExited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (process.env.BENCH_PROFILE && !hasExited(child)) {
    child.kill('SIGWINCH');
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  if (hasExited(child)) return;
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** After a failed run: no API or worker may outlive the benchmark, retrying a database that is gone. */
export function killAll(): void {
  for (const child of started) if (!hasExited(child)) child.kill('SIGKILL');
}

/** The most memory the process has held resident so far (Linux VmHWM), in MB. */
export function peakRssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

export async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${child.spawnargs.join(' ')} exited with code ${child.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Runs a process to its end and returns what it printed on stdout; fails with its stderr when it fails. */
export function runToEnd(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${args.join(' ')} failed (${code}): ${stderr.slice(-2000)}`))));
  });
}

/** The memory the process holds resident now (Linux VmRSS), in MB. */
export function rssMb(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}
