/**
 * The learner's progress, kept in a git-ignored JSON file (`apps/workshop/.progress.json`): per
 * step (by folder name), whether its checks passed or failed the last time they ran, when, the
 * first failing check, and how many hints were shown. A missing or unreadable file is a fresh start.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Logger } from '@streamlab/core';

export type StepStatus = 'not started' | 'failing' | 'passed';

const StepProgress = z.object({
  status: z.enum(['failing', 'passed']).optional(),
  /** ISO time of the last check run. */
  checkedAt: z.string().optional(),
  /** The first failing check of the last run. */
  failure: z.string().optional(),
  hintsSeen: z.number().int().min(0).default(0),
});
export type StepProgress = z.infer<typeof StepProgress>;

const ProgressFile = z.object({ version: z.literal(1), steps: z.record(z.string(), StepProgress) });

export class Progress {
  private readonly steps: Record<string, StepProgress>;

  private constructor(
    readonly file: string,
    steps: Record<string, StepProgress>,
  ) {
    this.steps = steps;
  }

  /**
   * Reads the progress file; a missing one is empty, an unreadable one too (logged: the learner
   * loses the record, not the work).
   *
   * @example
   * const progress = Progress.load('apps/workshop/.progress.json', logger);
   * progress.status('03-windows'); // 'not started'
   */
  static load(file: string, logger: Logger): Progress {
    if (!existsSync(file)) return new Progress(file, {});
    try {
      const parsed = ProgressFile.parse(JSON.parse(readFileSync(file, 'utf8')));
      return new Progress(file, parsed.steps);
    } catch (err) {
      logger.warn({ err, file }, 'the progress file is unreadable: starting a fresh one');
      return new Progress(file, {});
    }
  }

  get(id: string): StepProgress {
    return this.steps[id] ?? { hintsSeen: 0 };
  }

  status(id: string): StepStatus {
    return this.steps[id]?.status ?? 'not started';
  }

  /** Records a check run and saves. */
  recordCheck(id: string, passed: boolean, failure: string | undefined, at: Date): void {
    const { failure: _old, ...rest } = this.get(id);
    this.steps[id] = { ...rest, status: passed ? 'passed' : 'failing', checkedAt: at.toISOString(), ...(failure && !passed ? { failure } : {}) };
    this.save();
  }

  /** Records that hints up to `n` (1-based) were shown, and saves. */
  recordHintsSeen(id: string, n: number): void {
    const p = this.get(id);
    if (n <= p.hintsSeen) return;
    this.steps[id] = { ...p, hintsSeen: n };
    this.save();
  }

  /** Forgets a step's check results (after `reset`); hints seen are kept. */
  resetStep(id: string): void {
    const p = this.get(id);
    this.steps[id] = { hintsSeen: p.hintsSeen };
    this.save();
  }

  /** Writes the file atomically (a temp file renamed over it). */
  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify({ version: 1, steps: this.steps }, null, 2)}\n`);
    renameSync(tmp, this.file);
  }
}
