#!/usr/bin/env -S npx tsx --conditions=development
/**
 * `simulate <model-module> [flags]`: the simulator CLI for any model module (its default export or
 * its export named `model`), so an app's `simulate` target is one line:
 *
 *   "simulate": { "command": "tsx --conditions=development libs/datagen/src/bin/simulate.ts apps/fraud-detection/src/simulator/model.ts" }
 *
 * Without a module path, it runs the payments example. Ctrl-C stops the run and prints the summary.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { StreamlabError } from '@streamlab/core';
import { runSimulatorCli } from '../cli/run-cli.js';
import { paymentsModel } from '../examples/payments/model.js';
import type { Model } from '../model.js';

async function loadModel(path: string): Promise<Model<unknown, unknown, unknown>> {
  const mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  const model = (mod['default'] ?? mod['model']) as Model<unknown, unknown, unknown> | undefined;
  if (!model || typeof model !== 'object' || typeof model.step !== 'function') {
    throw new StreamlabError('DATAGEN_NO_MODEL', `${path} exports no model`, {
      value: path,
      hint: 'export the result of defineModel(...) as default or as `model`',
    });
  }
  return model;
}

const args = process.argv.slice(2);
const first = args[0];
const hasModule = first !== undefined && !first.startsWith('-');
try {
  const model = hasModule ? await loadModel(first) : (paymentsModel as unknown as Model<unknown, unknown, unknown>);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  const { exitCode } = await runSimulatorCli(model, hasModule ? args.slice(1) : args, { signal: stop.signal });
  process.exitCode = exitCode;
} catch (err) {
  process.stderr.write(`simulate: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
