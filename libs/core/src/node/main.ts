/**
 * The main entry of `@streamlab/core` under Node (`node` export condition): the pure core plus the
 * Node adapters, so a directory `checkpointLocation` works out of the box. Other runtimes get
 * `src/index.ts` alone.
 */
import './register.js';

export * from '../index.js';
export * from './index.js';
