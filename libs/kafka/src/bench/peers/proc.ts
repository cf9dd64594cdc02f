/** A process's CPU time and peak RSS from /proc (Linux), and the machine's load average. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticks: number | undefined;

function clockTicks(): number {
  if (ticks === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout;
    ticks = Number(out?.trim()) || 100;
  }
  return ticks;
}

/** User + system CPU seconds of process `pid` (all its threads), or NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return Number.NaN;
  }
}

/** Peak resident set size (VmHWM) of process `pid` in MiB, or NaN once it is gone. */
export function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The 1-minute load average. */
export function load1(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}
