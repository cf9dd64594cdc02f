export interface QueryGeneratorSchema {
  /** The query's id and file name, in kebab-case: `card-counts`. */
  name: string;
  /** The use case (a folder of apps/) to add it to. */
  project: string;
  /** The row type its pipeline reads; detected from how live/start.ts reads the input topic. */
  input?: string;
  /** The string field it counts by; defaults to the input's first string field after its id. */
  key?: string;
}
