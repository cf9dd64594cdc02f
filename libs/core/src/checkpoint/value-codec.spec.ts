import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StreamlabError } from '../errors.js';
import { StateCodec, type ValueCodec } from './value-codec.js';

const codec = new StateCodec();
/** Through JSON text, as a file would. */
const roundTrip = (v: unknown, c = codec): unknown => c.decode(JSON.parse(JSON.stringify(c.encode(v))));

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe('StateCodec', () => {
  it('encodeText is JSON.stringify(encode(v)), for plain JSON (its fast path) and for everything the codec tags', () => {
    const values: unknown[] = [
      [
        [1_767_225_600_000, 'key-1'],
        [3, 12.5],
      ],
      { card: 'c-1', n: 3, tags: ['a', null, true], nested: { ok: false } },
      [-0, 0, NaN, Infinity, -Infinity],
      [1, undefined, 'x'],
      { a: undefined },
      [new Map([['k', new Set([1])]]), 5n, new Date(0), new Uint8Array([1, 2])],
      { $type: 'mine', data: 1 },
      [{ deep: [{ $type: 'x' }] }],
      Object.assign(Object.create(null) as object, { p: 1 }),
      'text',
      null,
    ];
    for (const v of values) expect(codec.encodeText(v)).toBe(JSON.stringify(codec.encode(v)));
    fc.assert(fc.property(fc.jsonValue(), (v) => codec.encodeText(v) === JSON.stringify(codec.encode(v))));
    expect(() => codec.encodeText([new Point(1, 2)])).toThrow(StreamlabError);
  });

  it('check throws exactly when encode would, building nothing', () => {
    const bad: unknown[] = [
      new Point(1, 2),
      [1, { p: new Point(0, 0) }],
      new Map([['k', () => 1]]),
      new Set([Symbol('s')]),
      () => 1,
      new DataView(new ArrayBuffer(1)),
    ];
    const good: unknown[] = [1, 'x', null, undefined, 5n, NaN, -0, [new Date(0)], new Map([[1, new Set([2])]]), new Float64Array(2), { $type: 'x' }];
    for (const v of bad) {
      expect(() => codec.encode(v)).toThrow(StreamlabError);
      expect(() => codec.check(v)).toThrow(/cannot be written to the checkpoint/);
    }
    for (const v of good) expect(() => codec.check(v)).not.toThrow();
    const withPoint = new StateCodec([
      { tag: 'Point', test: (v): v is Point => v instanceof Point, encode: (p: Point) => [p.x, p.y], decode: () => new Point(0, 0) },
    ]);
    expect(() => withPoint.check([new Point(1, 2)])).not.toThrow();
    fc.assert(
      fc.property(fc.anything({ withMap: true, withSet: true, withBigInt: true, withDate: true, withTypedArray: true, withNullPrototype: true }), (v) => {
        const encodes = (() => {
          try {
            codec.encode(v);
            return true;
          } catch {
            return false;
          }
        })();
        const checks = (() => {
          try {
            codec.check(v);
            return true;
          } catch {
            return false;
          }
        })();
        return encodes === checks;
      }),
    );
  });

  it('keeps an own "__proto__" key (JSON.parse makes one; `=` would set the prototype instead)', () => {
    const v = JSON.parse('{"__proto__":{"x":1},"n":2}') as object;
    const text = codec.encodeText(v);
    expect(text).toBe('{"__proto__":{"x":1},"n":2}');
    const back = codec.decode(JSON.parse(text)) as object;
    expect(Object.keys(back)).toEqual(['__proto__', 'n']);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(JSON.stringify(codec.encode(new Map([['m', v]])))).toContain('"__proto__":{"x":1}');
  });

  it('leaves plain JSON untouched, so files stay readable', () => {
    const v = { card: 'c-1', n: 3, tags: ['a', null, true], nested: { ok: false } };
    expect(codec.encode(v)).toEqual(v);
  });

  it('round-trips Map, Set, bigint, Date, Buffer and nested mixes', () => {
    const v = {
      m: new Map<unknown, unknown>([
        ['a', 1],
        [2, new Set(['x', 'y'])],
      ]),
      big: 123456789012345678901234567890n,
      at: new Date('2024-05-01T10:00:00.000Z'),
      raw: Buffer.from('héllo'),
    };
    const back = roundTrip(v) as typeof v;
    expect(back.m).toEqual(v.m);
    expect(back.big).toBe(v.big);
    expect(back.at.getTime()).toBe(v.at.getTime());
    expect(Buffer.isBuffer(back.raw) && back.raw.equals(v.raw)).toBe(true);
  });

  it('round-trips typed arrays exactly (HyperLogLog registers, Float64 columns with NaN)', () => {
    const registers = new Uint8Array(16384);
    for (let i = 0; i < registers.length; i++) registers[i] = (i * 31) % 53;
    const column = new Float64Array([1.5, Number.NaN, -0, Number.MAX_VALUE, 5e-324]);
    const back = roundTrip([registers, column, new BigInt64Array([-(2n ** 63n)])]) as [Uint8Array, Float64Array, BigInt64Array];
    expect(back[0]).toBeInstanceOf(Uint8Array);
    expect(back[0]).toEqual(registers);
    expect(Object.is(back[1][2], -0)).toBe(true);
    expect(Number.isNaN(back[1][1])).toBe(true);
    expect([...back[1]]).toEqual([...column]);
    expect(back[2][0]).toBe(-(2n ** 63n));
  });

  it('round-trips a view into a larger buffer (only its own bytes)', () => {
    const whole = new Uint8Array([9, 9, 1, 2, 3, 9]);
    expect(roundTrip(whole.subarray(2, 5))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('round-trips numbers JSON cannot hold (aggregate buffers start at ±Infinity) and undefined', () => {
    const back = roundTrip([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, -0, undefined]) as unknown[];
    expect(back[0]).toBe(Number.POSITIVE_INFINITY);
    expect(back[1]).toBe(Number.NEGATIVE_INFINITY);
    expect(Number.isNaN(back[2])).toBe(true);
    expect(Object.is(back[3], -0)).toBe(true);
    expect(back).toHaveLength(5);
    expect(back[4]).toBeUndefined();
  });

  it('escapes user objects that happen to have a $type key', () => {
    const v = { $type: 'Map', data: [[1, 2]] };
    expect(roundTrip(v)).toEqual(v);
  });

  it('round-trips any JSON-like value with special numbers (property)', () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.boolean(),
        fc.constant(null),
        fc.double(),
        fc.bigInt(),
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 }),
        fc.array(fc.tuple(fc.string(), tie('v')), { maxLength: 3 }).map((e) => new Map(e)),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        expect(roundTrip(v)).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('uses a custom codec for a class, and refuses classes it does not know', () => {
    const point: ValueCodec<Point> = {
      tag: 'Point',
      test: (v): v is Point => v instanceof Point,
      encode: (p) => [p.x, p.y],
      decode: (d) => new Point((d as number[])[0]!, (d as number[])[1]!),
    };
    const withPoint = new StateCodec([point]);
    const back = roundTrip({ at: new Point(1, 2) }, withPoint) as { at: Point };
    expect(back.at).toBeInstanceOf(Point);
    expect(back.at.y).toBe(2);

    let err: unknown;
    try {
      codec.encode(new Point(1, 2));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StreamlabError);
    expect((err as StreamlabError).code).toBe('STATE_NOT_SERIALISABLE');
    expect((err as StreamlabError).message).toContain('Point');
    expect((err as StreamlabError).hint).toMatch(/ValueCodec/);
  });

  it('refuses functions, an unknown tag when decoding, and duplicate tags', () => {
    expect(() => codec.encode(() => 1)).toThrow(/cannot be written/);
    expect(() => codec.decode({ $type: 'Point', data: [1, 2] })).toThrow(/unknown type "Point"/);
    const dup: ValueCodec = { tag: 'Map', test: (_v): _v is unknown => false, encode: () => null, decode: () => null };
    expect(() => new StateCodec([dup])).toThrow(/tag "Map"/);
  });
});
