import { describe, expect, it } from 'vitest';
import { BOOLEAN, NULL, NUMBER, STRING } from './json-kinds.js';
import { JsonObjectScanner } from './json-object-scanner.js';

const bytes = (text: string) => Buffer.from(text);
const decode = (scanner: JsonObjectScanner) => {
  const d = scanner.decoder();
  return (text: string) => d(bytes(text), 0, Buffer.byteLength(text));
};

describe('JsonObjectScanner', () => {
  it('reads each field by the kinds it allows, in compact order or not', () => {
    const d = decode(new JsonObjectScanner(['a', 'b'], [NUMBER | STRING | NULL, BOOLEAN | NULL]));
    expect(d('{"a":"x","b":true}')).toEqual({ a: 'x', b: true });
    expect(d('{"a":null,"b":null}')).toEqual({ a: null, b: null });
    expect(d('{ "b" : false , "a" : -1.25 }')).toEqual({ a: -1.25, b: false });
    expect(d('{"a":true,"b":true}')).toBeUndefined(); // a boolean where a takes none
    expect(d('{"a":1,"b":"x"}')).toBeUndefined();
    expect(d('{"a":nul,"b":true}')).toBeUndefined();
    expect(d('{"a":1,"b":nulL}')).toBeUndefined();
  });

  it('declines a missing field, unless told to allow it: then the row lacks that key', () => {
    const keys = ['a', 'b', 'c'];
    const strict = decode(new JsonObjectScanner(keys, [NUMBER, NUMBER, NUMBER]));
    const lenient = decode(new JsonObjectScanner(keys, [NUMBER, NUMBER, NUMBER], { allowMissing: true }));
    expect(strict('{"a":1,"c":3}')).toBeUndefined();
    expect(lenient('{"a":1,"b":2,"c":3}')).toEqual({ a: 1, b: 2, c: 3 });
    const row = lenient('{"c":3,"a":1}');
    expect(row).toEqual({ a: 1, c: 3 });
    expect(Object.keys(row!)).toEqual(['a', 'c']); // nothing left over from the row before
    expect(lenient('{"a":1,"a":2}')).toBeUndefined();
    expect(lenient('{}')).toBeUndefined();
  });

  it('still declines repeated fields when its scan counter starts again', () => {
    const scanner = new JsonObjectScanner(['a', 'b'], [NUMBER, NUMBER], { allowMissing: true });
    const d = decode(scanner);
    (scanner as unknown as { stamp: number }).stamp = 0x7fffffff - 2;
    for (let i = 0; i < 6; i++) {
      expect(d(`{"b":${i},"a":${i}}`)).toEqual({ a: i, b: i });
      expect(d(`{"a":${i},"a":${i}}`)).toBeUndefined();
      expect(d(`{"b":${i}}`)).toEqual({ b: i });
    }
  });
});
