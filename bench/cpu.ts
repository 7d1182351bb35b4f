import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/**
 * user + system CPU time of a process from the text of /proc/<pid>/stat, in clock ticks. The command name
 * (field 2) may hold spaces and parentheses, so fields are counted from the last ')'.
 */
export function cpuTicksOfStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name and state.
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU milliseconds a process has used so far, read from outside it: no change to the API is needed. */
function cpuMs(pid: number): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return (cpuTicksOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8')) * 1000) / ticksPerSecond;
}

/** Summed over processes: in the 2×2 mode the API is two processes. */
export function totalCpuMs(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
}
