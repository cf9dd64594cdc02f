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

/** The machine's CPU time so far, from the `cpu` line of `/proc/stat` (all cores): busy and total jiffies. */
export interface CpuTotals {
  busy: number;
  total: number;
}

/** Parses the aggregate `cpu` line of a `/proc/stat` text (idle and iowait count as not busy). */
export function parseCpuTotals(stat: string): CpuTotals {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat has no aggregate "cpu" line');
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

/** The machine's CPU totals now. */
export function cpuTotals(): CpuTotals {
  return parseCpuTotals(readFileSync('/proc/stat', 'utf8'));
}

/** Busy share of all cores between two readings (0 to 1). */
export function busyShare(a: CpuTotals, b: CpuTotals): number {
  const total = b.total - a.total;
  return total > 0 ? (b.busy - a.busy) / total : 0;
}
