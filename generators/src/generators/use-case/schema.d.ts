/** The starting domains `--template` picks from (see schema.json). */
export type UseCaseTemplate = 'sensor' | 'transactions' | 'geo';

export interface UseCaseGeneratorSchema {
  name: string;
  /** Default `sensor`. */
  template?: UseCaseTemplate;
  title?: string;
  description?: string;
}
