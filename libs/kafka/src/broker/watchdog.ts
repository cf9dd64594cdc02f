/**
 * A tiny shell watchdog that takes the broker JVM down when the Node process that started it dies
 * by any means (SIGKILL included, when no exit hook can run): it polls both processes and, once
 * the parent is gone, sends SIGTERM, then SIGKILL after a grace period, and removes the data dir.
 */
import { spawn } from 'node:child_process';

const SCRIPT = `
alive() {
  if [ -r "/proc/$1/status" ]; then ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null;
  else kill -0 "$1" 2>/dev/null; fi
}
parent=$1; jvm=$2; dir=$3; grace=$4
while alive "$parent" && alive "$jvm"; do sleep 0.5; done
if alive "$jvm"; then
  kill -TERM "$jvm" 2>/dev/null
  i=0
  while alive "$jvm" && [ "$i" -lt "$((grace * 2))" ]; do sleep 0.5; i=$((i + 1)); done
  kill -KILL "$jvm" 2>/dev/null
fi
rm -rf "$dir"
`;

/**
 * Starts the watchdog for `jvmPid`, owned by `parentPid`. Returns its pid (to end it on a clean stop).
 *
 * @example
 * const watchdog = startWatchdog({ parentPid: process.pid, jvmPid: jvm.pid!, dir, graceSeconds: 10 });
 */
export function startWatchdog(opts: { parentPid: number; jvmPid: number; dir: string; graceSeconds: number }): number | undefined {
  const child = spawn('/bin/sh', ['-c', SCRIPT, 'streamlab-kafka-watchdog', String(opts.parentPid), String(opts.jvmPid), opts.dir, String(opts.graceSeconds)], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  return child.pid;
}
