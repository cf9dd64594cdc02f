/**
 * Test helpers: the `StreamlabError` a call throws (or a promise rejects with), asserted to be
 * one, so a spec can check its `code`, `value` and `hint`.
 */
import { expect } from 'vitest';
import { StreamlabError } from './errors.js';

function fail(): never {
  throw new Error('expected the call to throw, but it returned');
}

/**
 * @example
 * expect(errorOf(() => readStream.load()).code).toBe('NO_FORMAT');
 */
export function errorOf(fn: () => unknown): StreamlabError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StreamlabError);
    return e as StreamlabError;
  }
  return fail();
}

/**
 * The same for a call that may throw or return a promise that rejects.
 *
 * @example
 * expect((await errorOfAsync(() => cp.writeOffsets(3, entry))).code).toBe('CHECKPOINT_CONCURRENT_WRITE');
 */
export async function errorOfAsync(fn: () => unknown): Promise<StreamlabError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StreamlabError);
    return e as StreamlabError;
  }
  return fail();
}
