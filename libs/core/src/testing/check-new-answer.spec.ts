import { describe, expect, it } from 'vitest';
import { MemoryStream } from '../sources/memory-stream.js';
import { addData, checkAnswer, checkLastBatch, checkNewAnswer, testStream } from './index.js';

interface Word {
  word: string;
}

describe('checkNewAnswer (Spark CheckNewAnswer)', () => {
  it('complete mode: the latest result table when a batch ran since the previous check, else nothing', async () => {
    const words = new MemoryStream<Word>();
    await testStream(words.toStream().groupBy('word').count(), 'complete')(
      addData(words, { word: 'dog' }),
      checkNewAnswer({ word: 'dog', count: 1 }),
      addData(words, { word: 'cat' }),
      checkNewAnswer({ word: 'dog', count: 1 }, { word: 'cat', count: 1 }),
      checkNewAnswer(),
      addData(words, { word: 'dog' }),
      checkNewAnswer({ word: 'dog', count: 2 }, { word: 'cat', count: 1 }), // same length as before: still compared
      addData(words, { word: 'cat' }),
      checkLastBatch({ word: 'dog', count: 2 }, { word: 'cat', count: 2 }),
      checkNewAnswer(), // checkLastBatch saw it
    );
  });

  it('complete mode: a wrong table fails, naming the missing and unexpected rows', async () => {
    const words = new MemoryStream<Word>();
    const run = testStream(words.toStream().groupBy('word').count(), 'complete')(
      addData(words, { word: 'dog' }),
      checkNewAnswer({ word: 'dog', count: 1 }),
      addData(words, { word: 'cat' }),
      checkNewAnswer({ word: 'cat', count: 1 }), // the table also holds dog
    );
    await expect(run).rejects.toThrow(/checkNewAnswer failed[\s\S]*unexpected: .*dog/);
  });

  it('append mode: the rows of the batches since the previous check', async () => {
    const words = new MemoryStream<Word>();
    await testStream(words.toStream(), 'append')(
      addData(words, { word: 'a' }),
      checkNewAnswer({ word: 'a' }),
      addData(words, { word: 'b' }, { word: 'c' }),
      checkNewAnswer({ word: 'b' }, { word: 'c' }),
      checkNewAnswer(),
      addData(words, { word: 'd' }),
      checkAnswer({ word: 'a' }, { word: 'b' }, { word: 'c' }, { word: 'd' }),
      checkNewAnswer(),
    );
  });
});
