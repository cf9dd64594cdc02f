/**
 * Stops a command-line process from running on alone once the process that started it is gone.
 * `npm start` and `npm run kafka` run under npm (and, without `exec`, a `sh -c` that does not
 * pass signals on); when that parent is killed, the child is re-parented (to init or a
 * subreaper), so its parent pid changes. Polling `process.ppid` sees that on Linux and macOS.
 */

export interface ParentWatchOptions {
  /** How often to look (ms). Default 500. */
  intervalMs?: number;
  /** For tests: the parent pid now. Default `process.ppid` (read afresh on every call). */
  ppid?: () => number;
}

/**
 * Calls `onGone` once when this process's parent has exited. A process whose parent is already
 * init (pid 1: a container's entry point, a service) is not watched. Returns a function that
 * stops watching. The timer does not keep the process alive.
 *
 * @example
 * watchParent(() => process.kill(process.pid, 'SIGTERM')); // shut down as on SIGTERM
 */
export function watchParent(onGone: () => void, opts: ParentWatchOptions = {}): () => void {
  const ppid = opts.ppid ?? (() => process.ppid);
  const first = ppid();
  if (first <= 1) return () => undefined;
  const timer = setInterval(() => {
    if (ppid() === first) return;
    clearInterval(timer);
    onGone();
  }, opts.intervalMs ?? 500);
  timer.unref();
  return () => clearInterval(timer);
}
