export { default as useCaseGenerator, normalizeOptions } from './generators/use-case/generator';
export type { UseCaseGeneratorSchema } from './generators/use-case/schema';
export { default as queryGenerator } from './generators/query/generator';
export type { QueryGeneratorSchema } from './generators/query/schema';
