/**
 * What a stream-stream join writes to its checkpoint per buffered row: key `[side, id]`, value
 * `[t, row]` (`[t, row, true]` once matched). State written before by the whole entry
 * (`{ id, row, t, matched }`) still restores to the same join.
 */
import { describe, expect, it } from 'vitest';
import type { BatchContext } from '../../exec/batch-context.js';
import type { PhysicalOperator } from '../../exec/operator.js';
import type { JoinType } from './join-spec.js';
import { StreamJoinOperator } from './stream-join-operator.js';

type Row = Record<string, unknown>;

/** An input whose rows are set per batch. */
function input(): PhysicalOperator & { rows: Row[] } {
  const op = { name: 'rows', rows: [] as Row[], execute: () => op.rows };
  return op;
}

const ctx = { watermarkMs: 0, lateWatermarkMs: 0 } as BatchContext;

function operator(how: JoinType) {
  const left = input();
  const right = input();
  const op = new StreamJoinOperator({
    operatorId: 0,
    left,
    right,
    keys: { left: ['k'], right: ['k'] },
    how,
    range: undefined,
    leftTime: { field: 'lt', column: undefined },
    rightTime: { field: 'rt', column: undefined },
  });
  /** Runs one batch over `l` and `r` and commits it; returns its output. */
  const batch = (l: Row[], r: Row[]): unknown[] => {
    left.rows = l;
    right.rows = r;
    const out = op.execute(ctx);
    op.commit(0);
    return out;
  };
  return { op, batch };
}

/** A left outer join after one batch: left rows a (matched) and b, right row a (matched). */
function afterFirstBatch(): StreamJoinOperator {
  const { op, batch } = operator('leftOuter');
  batch(
    [
      { k: 'a', lt: 5 },
      { k: 'b', lt: 6 },
    ],
    [{ k: 'a', rt: 7 }],
  );
  return op;
}

describe('stream-stream join state, as written', () => {
  it('a buffered row is [t, row], a matched one [t, row, true]; its id is in the key', () => {
    const op = afterFirstBatch();
    const changes = op.stateChanges();
    expect(changes.updated).toEqual([
      [
        ['left', 0],
        [5, { k: 'a', lt: 5 }, true],
      ],
      [
        ['left', 1],
        [6, { k: 'b', lt: 6 }],
      ],
      [
        ['right', 0],
        [7, { k: 'a', rt: 7 }, true],
      ],
    ]);
    expect(op.snapshot().entries).toEqual(changes.updated);
  });

  it('restores from its own snapshot and from the old whole-entry form to the same join', () => {
    const op = afterFirstBatch();
    const snap = op.snapshot();
    const legacy = {
      ...snap,
      entries: (snap.entries as [[string, number], [number, Row, true?]][]).map(([[side, id], [t, row, matched]]) => [
        [side, id],
        { id, row, t, matched: matched === true },
      ]),
    };
    const outputs = [snap, legacy].map((s) => {
      const { op: restored, batch: next } = operator('leftOuter');
      restored.restore(JSON.parse(JSON.stringify(s)));
      const out = next(
        [{ k: 'c', lt: 8 }],
        [
          { k: 'b', rt: 9 },
          { k: 'a', rt: 10 },
        ],
      );
      return { out, state: restored.snapshot().entries };
    });
    expect(outputs[0]!.out).toEqual([
      { k: 'b', lt: 6, rt: 9 },
      { k: 'a', lt: 5, rt: 10 },
    ]);
    expect(outputs[1]).toEqual(outputs[0]);
    // new rows get ids after the restored ones
    expect(outputs[0]!.state).toContainEqual([
      ['left', 2],
      [8, { k: 'c', lt: 8 }],
    ]);
  });
});
