/**
 * A tiny shell watchdog that takes the broker's Java process down when the Node process that
 * started it dies by any means (SIGKILL included, when no exit hook can run). It is started before
 * the storage format, so it covers every phase: it polls the parent and, once the parent is gone,
 * reads the pid of the running Java process (the format, then the broker) from a pid file, sends
 * it SIGTERM, then SIGKILL after a grace period, and removes the temp dir (or, for a kept data
 * dir, only the pid file). While the parent lives, the parent does all of that itself and ends
 * the watchdog.
 */
import { spawn } from 'node:child_process';

const SCRIPT = `
alive() {
  if [ -r "/proc/$1/status" ]; then ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null;
  else kill -0 "$1" 2>/dev/null; fi
}
parent=$1; pidfile=$2; dir=$3; grace=$4
while alive "$parent"; do sleep 0.5; done
pid=$(cat "$pidfile" 2>/dev/null)
if [ -n "$pid" ] && alive "$pid"; then
  kill -TERM "$pid" 2>/dev/null
  i=0
  while alive "$pid" && [ "$i" -lt "$((grace * 2))" ]; do sleep 0.5; i=$((i + 1)); done
  kill -KILL "$pid" 2>/dev/null
fi
if [ -n "$dir" ]; then rm -rf "$dir"; else rm -f "$pidfile"; fi
`;

export interface WatchdogOptions {
  /** The Node process that owns the broker. */
  parentPid: number;
  /** Holds the pid of the Java process to stop (rewritten when the format gives way to the broker). */
  pidFile: string;
  /** The temp dir to remove once the Java process is gone; `undefined` keeps the dir (a `dataDir`). */
  dir: string | undefined;
  /** Seconds between SIGTERM and SIGKILL. */
  graceSeconds: number;
}

/**
 * Starts the watchdog. Returns its pid (to end it on a clean stop).
 *
 * @example
 * const watchdog = startWatchdog({ parentPid: process.pid, pidFile: join(dir, 'streamlab-broker.pid'), dir, graceSeconds: 15 });
 */
export function startWatchdog(opts: WatchdogOptions): number | undefined {
  const args = [String(opts.parentPid), opts.pidFile, opts.dir ?? '', String(opts.graceSeconds)];
  const child = spawn('/bin/sh', ['-c', SCRIPT, 'streamlab-kafka-watchdog', ...args], { detached: true, stdio: 'ignore' });
  child.unref();
  return child.pid;
}
