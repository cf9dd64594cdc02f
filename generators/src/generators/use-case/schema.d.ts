export interface UseCaseGeneratorSchema {
  name: string;
  title?: string;
  description?: string;
}
