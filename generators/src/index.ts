export { default as useCaseGenerator, normalizeOptions } from './generators/use-case/generator';
export type { UseCaseGeneratorSchema } from './generators/use-case/schema';
