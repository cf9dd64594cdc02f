import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { detectInput, groupingKey } from './input';

const ROOT = 'apps/grid';
const START = `import { decodeJson } from '@streamlab/kafka';
import { readingSchema } from '../domain/reading.js';
export async function start(ctx) {
  const kit = await useCaseKit(ctx, { topics: [] });
  const readings = (reader: string) => kit.read('grid.readings', reader, { decode: decodeJson(readingSchema), eventTimeField: 'measuredAt' });
  kit.publish(q.a, a(readings('a')), 'update');
}
`;
const READING = `import { z } from 'zod';
const id = z.string().min(1);
export const readingSchema = z.object({ readingId: id, meterId: id, kind: z.enum(['a', 'b']), site: id.optional(), value: z.number(), measuredAt: z.number() });
export type Reading = z.infer<typeof readingSchema>;
export interface Outage { outageId: string; region: string; measuredAt: number; note?: string }
`;

describe('detectInput', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write(`${ROOT}/src/live/start.ts`, START);
    tree.write(`${ROOT}/src/domain/reading.ts`, READING);
  });

  it('finds the reader, the event-time field and the type inferred from the schema it decodes with', () => {
    expect(detectInput(tree, ROOT)).toEqual({
      reader: 'readings',
      type: 'Reading',
      typeFile: `${ROOT}/src/domain/reading.ts`,
      eventTime: 'measuredAt',
      fields: ['readingId', 'meterId', 'kind', 'site', 'value', 'measuredAt'],
      stringFields: ['readingId', 'meterId'],
    });
  });

  it('takes an interface named with --input, wherever the use case exports it', () => {
    expect(detectInput(tree, ROOT, 'Outage')).toMatchObject({
      type: 'Outage',
      fields: ['outageId', 'region', 'measuredAt', 'note'],
      stringFields: ['outageId', 'region'],
    });
  });

  it('refuses a type without the event-time field the reader uses', () => {
    tree.write(`${ROOT}/src/domain/other.ts`, 'export interface Other { id: string; at: number }\n');
    expect(() => detectInput(tree, ROOT, 'Other')).toThrow('Other (apps/grid/src/domain/other.ts) has no field "measuredAt"');
  });

  it('says how to declare a reader when start.ts has none', () => {
    tree.write(`${ROOT}/src/live/start.ts`, "kit.publish(q.a, a(kit.read('t', 'a')), 'update');\n");
    expect(() => detectInput(tree, ROOT)).toThrow(/apps\/grid\/src\/live\/start\.ts has no reader of its input topic: declare one such as/);
  });

  it('asks for --input when the decoded schema has no inferred type beside it', () => {
    tree.write(`${ROOT}/src/domain/reading.ts`, READING.replace(/export type Reading.*\n/, ''));
    expect(() => detectInput(tree, ROOT)).toThrow('give it with --input <Type>');
  });
});

describe('groupingKey', () => {
  const rows = {
    reader: 'r',
    type: 'Reading',
    typeFile: 'f',
    eventTime: 'measuredAt',
    fields: ['readingId', 'meterId', 'value', 'measuredAt'],
    stringFields: ['readingId', 'meterId'],
  };

  it("counts by the first string field after the row's own id", () => {
    expect(groupingKey(rows)).toBe('meterId');
    expect(groupingKey({ ...rows, stringFields: ['readingId'] })).toBe('readingId');
  });

  it('takes a string field given with --key, and refuses another field', () => {
    expect(groupingKey(rows, 'readingId')).toBe('readingId');
    expect(() => groupingKey(rows, 'value')).toThrow('--key "value" is not a string field of Reading: use one of readingId, meterId');
    // the fields of a type it cannot read are unknown: a --key is taken if it is a field name at all
    expect(groupingKey({ ...rows, fields: [], stringFields: [] }, 'siteId')).toBe('siteId');
    expect(() => groupingKey({ ...rows, fields: [], stringFields: [] }, 'site-id')).toThrow('--key "site-id" is not a field name');
  });

  it('asks for --key when there is no string field', () => {
    expect(() => groupingKey({ ...rows, stringFields: [] })).toThrow('Reading has no string field to count by: give one with --key <field>');
  });
});
