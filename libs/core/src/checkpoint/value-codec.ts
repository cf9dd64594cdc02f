/**
 * Turns state keys and values into JSON and back, for state files. Plain JSON passes through
 * unchanged (so files stay readable); everything JSON cannot hold is written as a tagged object
 * `{ "$type": <tag>, "data": <json> }`:
 *
 * | value | tag | data |
 * | --- | --- | --- |
 * | `Map` | `Map` | `[[key, value], ...]` |
 * | `Set` | `Set` | `[value, ...]` |
 * | `bigint` | `bigint` | decimal string |
 * | `Date` | `Date` | ISO-8601 string |
 * | `Buffer` (Kafka keys and values) | `Buffer` | base64 |
 * | typed arrays (HyperLogLog registers, Float64Array columns) | e.g. `Uint8Array` | base64 of the bytes (exact, compact) |
 * | `NaN`, `Infinity`, `-Infinity`, `-0` | `number` | `"NaN"`, `"Infinity"`, ... |
 * | `undefined` | `undefined` | `null` |
 * | a plain object that has its own `$type` key | `object` | the object, entries encoded |
 *
 * Other classes are refused with a clear error unless a {@link ValueCodec} for them is given.
 */
import { StreamlabError } from '../errors.js';

/** A JSON value as written to a state file. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * How to write one kind of non-JSON value. `encode`/`decode` get the codec's own functions for
 * nested values.
 *
 * @example
 * const point: ValueCodec<Point> = {
 *   tag: 'Point',
 *   test: (v): v is Point => v instanceof Point,
 *   encode: (p) => [p.x, p.y],
 *   decode: (d) => new Point((d as number[])[0]!, (d as number[])[1]!),
 * };
 * new StateCodec([point]).encode(new Point(1, 2)); // { $type: 'Point', data: [1, 2] }
 */
export interface ValueCodec<T = unknown> {
  /** Written as `$type`; unique among the codecs of a query. */
  readonly tag: string;
  test(value: unknown): value is T;
  encode(value: T, nested: (v: unknown) => Json): Json;
  decode(data: Json, nested: (j: Json) => unknown): T;
}

const TYPED_ARRAYS = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type TypedArrayName = keyof typeof TYPED_ARRAYS;

const OBJECT_PROTO = Object.prototype;

/**
 * Encodes and decodes state keys and values (see the table above).
 *
 * @example
 * const codec = new StateCodec();
 * const json = codec.encode(new Map([['a', new Uint8Array([1, 2])]]));
 * codec.decode(JSON.parse(JSON.stringify(json))); // Map { 'a' => Uint8Array [1, 2] }
 */
export class StateCodec {
  private readonly custom: readonly ValueCodec[];
  private readonly byTag = new Map<string, ValueCodec>();
  private readonly encodeFn = (v: unknown): Json => this.encode(v);
  private readonly decodeFn = (j: Json): unknown => this.decode(j);

  constructor(custom: readonly ValueCodec[] = []) {
    this.custom = custom;
    for (const c of custom) {
      if (this.byTag.has(c.tag) || BUILTIN_TAGS.has(c.tag)) {
        throw new StreamlabError('CODEC_TAG_TAKEN', `two value codecs use the tag "${c.tag}"`, {
          value: c.tag,
          hint: `give each codec its own tag; built-in tags are ${[...BUILTIN_TAGS].join(', ')}`,
        });
      }
      this.byTag.set(c.tag, c);
    }
  }

  /** A JSON-safe form of `value`; throws `STATE_NOT_SERIALISABLE` for values it cannot write. */
  encode(value: unknown): Json {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        if (Number.isFinite(value) && !Object.is(value, -0)) return value;
        return { $type: 'number', data: Object.is(value, -0) ? '-0' : String(value) };
      case 'bigint':
        return { $type: 'bigint', data: value.toString() };
      case 'undefined':
        return { $type: 'undefined', data: null };
      case 'object':
        return value === null ? null : this.encodeObject(value);
      default:
        throw unserialisable(value, typeof value);
    }
  }

  /**
   * `JSON.stringify(this.encode(value))`, without building the encoded copy when `value` is plain
   * JSON already (the common case: numbers, strings, arrays and plain objects of them), which
   * roughly halves the cost of writing a state file and allocates nothing but the text.
   */
  encodeText(value: unknown): string {
    return JSON.stringify(isPlainJson(value) ? value : this.encode(value));
  }

  /**
   * Throws what `encode(value)` would throw (STATE_NOT_SERIALISABLE), without building anything:
   * for values written later (see `StateChanges.detached`), so a bad one still fails its batch. A
   * value a custom codec claims (`test`) is taken as writable.
   */
  check(value: unknown): void {
    switch (typeof value) {
      case 'string':
      case 'boolean':
      case 'number':
      case 'bigint':
      case 'undefined':
        return;
      case 'object':
        if (value !== null) this.checkObject(value);
        return;
      default:
        throw unserialisable(value, typeof value);
    }
  }

  /** The value `encode` was given (a new object graph: identities are not preserved). */
  decode(json: Json): unknown {
    if (json === null || typeof json !== 'object') return json;
    if (Array.isArray(json)) {
      const out = new Array<unknown>(json.length);
      for (let i = 0; i < json.length; i++) out[i] = this.decode(json[i]!);
      return out;
    }
    const tag = json.$type;
    if (typeof tag !== 'string') return this.decodePlain(json);
    const data = json.data as Json;
    switch (tag) {
      case 'number':
        return Number(data);
      case 'bigint':
        return BigInt(data as string);
      case 'undefined':
        return undefined;
      case 'Date':
        return new Date(data as string);
      case 'Buffer':
        return nodeBuffer ? nodeBuffer.from(fromBase64(data as string)) : fromBase64(data as string);
      case 'object':
        return this.decodePlain(data as { [key: string]: Json });
      case 'Map':
        return new Map((data as Json[][]).map(([k, v]) => [this.decode(k!), this.decode(v!)]));
      case 'Set':
        return new Set((data as Json[]).map(this.decodeFn));
      default: {
        if (tag in TYPED_ARRAYS) return decodeTypedArray(tag as TypedArrayName, data as string);
        const codec = this.byTag.get(tag);
        if (!codec)
          throw new StreamlabError('STATE_UNKNOWN_TYPE', `state holds a value of unknown type "${tag}"`, {
            value: tag,
            hint: 'pass the ValueCodec that wrote it (checkpoint option valueCodecs)',
          });
        return codec.decode(data, this.decodeFn);
      }
    }
  }

  private encodeObject(value: object): Json {
    if (Array.isArray(value)) {
      const out = new Array<Json>(value.length);
      for (let i = 0; i < value.length; i++) out[i] = this.encode(value[i]);
      return out;
    }
    for (const c of this.custom) if (c.test(value)) return { $type: c.tag, data: c.encode(value, this.encodeFn) };
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto === OBJECT_PROTO || proto === null) {
      const out: { [key: string]: Json } = {};
      for (const k of Object.keys(value)) setOwn(out, k, this.encode((value as Record<string, unknown>)[k]));
      return Object.hasOwn(value, '$type') ? { $type: 'object', data: out } : out;
    }
    if (value instanceof Map) {
      const out: Json[] = [];
      for (const [k, v] of value) out.push([this.encode(k), this.encode(v)]);
      return { $type: 'Map', data: out };
    }
    if (value instanceof Set) {
      const out: Json[] = [];
      for (const v of value) out.push(this.encode(v));
      return { $type: 'Set', data: out };
    }
    if (value instanceof Date) return { $type: 'Date', data: value.toISOString() };
    if (nodeBuffer?.isBuffer(value)) return { $type: 'Buffer', data: toBase64(value as Uint8Array) };
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const name = value.constructor.name;
      if (name in TYPED_ARRAYS) {
        return { $type: name, data: toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
      }
    }
    throw unserialisable(value, (value.constructor as { name?: string } | undefined)?.name ?? 'object');
  }

  /** `encodeObject`'s cases, in its order, without the output. */
  private checkObject(value: object): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) this.check(value[i]);
      return;
    }
    for (const c of this.custom) if (c.test(value)) return;
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto === OBJECT_PROTO || proto === null) {
      for (const k of Object.keys(value)) this.check((value as Record<string, unknown>)[k]);
      return;
    }
    if (value instanceof Map) {
      for (const [k, v] of value) {
        this.check(k);
        this.check(v);
      }
      return;
    }
    if (value instanceof Set) {
      for (const v of value) this.check(v);
      return;
    }
    if (value instanceof Date || nodeBuffer?.isBuffer(value)) return;
    if (ArrayBuffer.isView(value) && !(value instanceof DataView) && value.constructor.name in TYPED_ARRAYS) return;
    throw unserialisable(value, (value.constructor as { name?: string } | undefined)?.name ?? 'object');
  }

  private decodePlain(json: { [key: string]: Json }): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(json)) setOwn(out, k, this.decode(json[k]!));
    return out;
  }
}

/** `obj[key] = value` as an own property, also for the key `__proto__` (which `=` would take as the prototype). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * Whether `encode(value)` would return `value` unchanged: finite numbers other than `-0`, strings,
 * booleans, `null`, and arrays and plain objects (without an own `$type`) of those. Walks without
 * allocating.
 */
function isPlainJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value) as object | null;
      if ((proto !== OBJECT_PROTO && proto !== null) || Object.hasOwn(value, '$type')) return false;
      // for-in, not Object.keys: no array per object (plain and null-prototype objects inherit no enumerable keys)
      for (const k in value) if (!isPlainJson((value as Record<string, unknown>)[k])) return false;
      return true;
    }
    default:
      return false;
  }
}

const BUILTIN_TAGS = new Set(['number', 'bigint', 'undefined', 'Date', 'Buffer', 'object', 'Map', 'Set', ...Object.keys(TYPED_ARRAYS)]);

/**
 * Node's `Buffer` when the runtime has one (read from `globalThis`: the core imports no Node API),
 * so a Buffer in state comes back as a Buffer; elsewhere Buffers cannot occur and a stored one
 * decodes to a `Uint8Array`.
 */
const nodeBuffer = (globalThis as { Buffer?: { isBuffer(v: unknown): boolean; from(bytes: Uint8Array): Uint8Array } }).Buffer;

/** Standard base64 (with padding) of bytes, as Node's `toString('base64')`. */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function decodeTypedArray(name: TypedArrayName, base64: string): ArrayBufferView {
  const bytes = fromBase64(base64);
  const Ctor = TYPED_ARRAYS[name];
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new Ctor(copy, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
}

function unserialisable(value: unknown, kind: string): StreamlabError {
  return new StreamlabError('STATE_NOT_SERIALISABLE', `a state key or value of type ${kind} cannot be written to the checkpoint`, {
    value: kind === 'function' || kind === 'symbol' ? String(value) : kind,
    hint: 'keep state as JSON data, Map, Set, bigint, Date or typed arrays, or pass a ValueCodec for this type (checkpoint option valueCodecs)',
  });
}
