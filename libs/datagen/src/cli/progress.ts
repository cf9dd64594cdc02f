/** The CLI's progress bar (cli-progress), fed from `runSimulation`'s `onProgress`. */
import cliProgress from 'cli-progress';
import type { RunProgress } from '../run.js';

/** A progress bar on `stream`; silent when the stream is not a terminal. */
export interface ProgressBar {
  update(p: RunProgress): void;
  stop(): void;
}

/**
 * Starts a progress bar showing the fraction of simulated time done, records and rate.
 *
 * @example
 * const bar = startProgressBar(process.stderr);
 * await runSimulation(sim, out, { onProgress: (p) => bar.update(p) });
 * bar.stop();
 */
export function startProgressBar(stream: NodeJS.WritableStream): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WriteStream,
      format: '{bar} {percentage}% | {records} records | {rate} records/s | event time {sim}',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0, { records: 0, rate: 0, sim: '' });
  return {
    update(p) {
      bar.update(Math.round(p.fraction * 1000), {
        records: p.stats.emitted.toLocaleString('en-US'),
        rate: p.elapsedMs > 0 ? Math.round((p.stats.emitted * 1000) / p.elapsedMs).toLocaleString('en-US') : 0,
        sim: new Date(p.simulatedMs).toISOString().slice(0, 19),
      });
    },
    stop() {
      bar.stop();
    },
  };
}

/** A progress bar for a task measured as a fraction done (an evaluation, a build). */
export interface TaskBar {
  /** `fraction` in [0, 1]; `detail` replaces the text after the bar. */
  update(fraction: number, detail?: string): void;
  stop(): void;
}

/**
 * Starts a bar `label [████░░] 42% | detail` on `stream` when it is a terminal; a no-op otherwise,
 * so piped and CI output stay clean.
 *
 * @example
 * const bar = startTaskBar(process.stderr, 'evaluate');
 * bar.update(0.5, '15 of 30 simulated minutes');
 * bar.stop();
 */
export function startTaskBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string): TaskBar {
  if (stream.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: stream as NodeJS.WriteStream, format: `${label} {bar} {percentage}% | {detail}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1000, 0, { detail: '' });
  return {
    update: (fraction, detail = '') => bar.update(Math.round(Math.min(1, Math.max(0, fraction)) * 1000), { detail }),
    stop: () => bar.stop(),
  };
}
