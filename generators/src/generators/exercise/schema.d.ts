export interface ExerciseGeneratorSchema {
  name: string;
  title?: string;
  chapter?: string;
  kind?: 'exercise' | 'bonus';
  minutes?: number;
}
