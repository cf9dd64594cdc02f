import { describe, expect, it } from 'vitest';
import { PartitionCache } from './partition-cache.js';

function setup(answers: Record<string, number[]>) {
  let now = 0;
  const asked: string[] = [];
  const cache = new PartitionCache(
    async (topic) => {
      asked.push(topic);
      return answers[topic] ?? [];
    },
    () => now,
    1000,
  );
  return { cache, asked, advance: (ms: number) => (now += ms), answers };
}

describe('PartitionCache', () => {
  it('asks the broker once per topic within the ttl, and again after it', async () => {
    const { cache, asked, advance, answers } = setup({ a: [0, 1], b: [0] });
    expect(await cache.get('a')).toEqual([0, 1]);
    advance(999);
    expect(await cache.get('a')).toEqual([0, 1]);
    expect(await cache.get('b')).toEqual([0]);
    expect(asked).toEqual(['a', 'b']);
    answers['a'] = [0, 1, 2];
    advance(1);
    expect(await cache.get('a')).toEqual([0, 1, 2]);
    expect(asked).toEqual(['a', 'b', 'a']);
  });

  it('forgets a topic at once when told (created, grown or deleted by this client)', async () => {
    const { cache, asked, answers } = setup({ a: [0] });
    await cache.get('a');
    answers['a'] = [0, 1, 2];
    cache.forget(['a']);
    expect(await cache.get('a')).toEqual([0, 1, 2]);
    expect(asked).toEqual(['a', 'a']);
  });

  it('never keeps an empty list: a topic that does not exist yet is asked for every time', async () => {
    const { cache, asked, answers } = setup({});
    expect(await cache.get('later')).toEqual([]);
    answers['later'] = [0];
    expect(await cache.get('later')).toEqual([0]);
    expect(asked).toEqual(['later', 'later']);
  });
});
