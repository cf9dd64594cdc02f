import { describe, expect, it } from 'vitest';
import { describeDiff, diffResults, isSame, median, renderTable, type RunFigures, roundOrder, summarize } from './report.js';

const run = (system: RunFigures['system'], round: number, warmRecordsPerSec: number, warmCpuUsPerRecord: number): RunFigures => ({
  system,
  round,
  coldSeconds: 100_000 / warmRecordsPerSec + 2,
  coldRecordsPerSec: warmRecordsPerSec / 2,
  coldCpuUsPerRecord: warmCpuUsPerRecord * 2,
  warmRecordsPerSec,
  warmCpuUsPerRecord,
  peakRssMb: system === 'streamlab' ? 100 : 300,
  load1: 2 + round,
});

describe('diffResults', () => {
  it('finds missing, extra and different results per key and window, sorted', () => {
    const expected = new Map([
      ['k2|60000', '3'],
      ['k1|0', '2'],
      ['k1|60000', '1'],
    ]);
    const actual = new Map([
      ['k1|0', '2'],
      ['k2|60000', '4'],
      ['k3|0', '1'],
    ]);
    const diff = diffResults(expected, actual);
    expect(diff).toEqual({ missing: ['k1|60000'], extra: ['k3|0'], different: [{ key: 'k2|60000', expected: '3', actual: '4' }] });
    expect(isSame(diff)).toBe(false);
    expect(describeDiff('spark vs expected', diff)).toBe('spark vs expected: 1 missing (k1|60000), 1 extra (k3|0), 1 different (k2|60000: expected 3, got 4)');
  });

  it('says identical when every key has the same value', () => {
    const diff = diffResults(new Map([['k|0', '1']]), new Map([['k|0', '1']]));
    expect(isSame(diff)).toBe(true);
    expect(describeDiff('kafka-streams vs streamlab', diff)).toBe('kafka-streams vs streamlab: identical');
  });
});

describe('median and roundOrder', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('rotates the systems so each goes first in turn', () => {
    const s = ['streamlab', 'kafka-streams', 'spark'];
    expect(roundOrder(s, 0)).toEqual(['streamlab', 'kafka-streams', 'spark']);
    expect(roundOrder(s, 1)).toEqual(['kafka-streams', 'spark', 'streamlab']);
    expect(roundOrder(s, 3)).toEqual(s);
  });
});

describe('summarize and renderTable', () => {
  const runs = [
    run('streamlab', 0, 100_000, 10),
    run('streamlab', 1, 120_000, 12),
    run('streamlab', 2, 110_000, 11),
    run('spark', 0, 50_000, 20),
    run('spark', 1, 60_000, 30),
    run('spark', 2, 55_000, 25),
  ];

  it('gives medians over the rounds and ratios to StreamLab', () => {
    const [streamlab, spark] = summarize(runs);
    expect(streamlab).toMatchObject({ system: 'streamlab', rounds: 3, warmRecordsPerSec: 110_000, warmCpuUsPerRecord: 11, load1: 3 });
    expect(streamlab!.ratio.warmRecordsPerSec).toBe(1);
    expect(spark).toMatchObject({ system: 'spark', warmRecordsPerSec: 55_000, warmCpuUsPerRecord: 25, peakRssMb: 300 });
    expect(spark!.ratio.warmRecordsPerSec).toBeCloseTo(0.5);
    expect(spark!.ratio.warmCpuUsPerRecord).toBeCloseTo(25 / 11);
    expect(spark!.ratio.peakRssMb).toBe(3);
  });

  it('renders one Markdown row per system, n/a where a figure is missing', () => {
    const table = renderTable('tumbling', 200_000, summarize([...runs, { ...run('kafka-streams', 0, 1, 1), warmRecordsPerSec: Number.NaN }]));
    const lines = table.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^\| workload \| system \| rounds \| cold: wall s \|/);
    expect(lines[2]).toBe('| tumbling (200,000 records) | streamlab | 3 | 2.9 | 55,000 | 22.0 | 110,000 | 11.00 | 100 | 3.0 | 1.00 | 1.00 | 1.00 | 1.00 |');
    expect(lines[3]).toContain('| kafka-streams | 1 |');
    expect(lines[3]).toContain('| n/a |');
    expect(lines[4]).toContain('| spark | 3 |');
  });
});
