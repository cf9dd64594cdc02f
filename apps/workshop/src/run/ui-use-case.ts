/**
 * A step's live run as a use case of the live kit, so `run N --ui` is served as every dashboard
 * is (`serveUseCases`: bundling, the socket.io namespace, shutdown in order): the page is
 * `/workshop/`, the namespace `workshop`.
 */
import type { UseCase, UseCaseContext, RunningUseCase } from '@streamlab/live';

export const UI_NAMESPACE = 'workshop';
export const UI_ENTRY = new URL('../ui/main.ts', import.meta.url).pathname;

/**
 * @example
 * serveUseCases({ useCases: [stepUseCase('Step 3 · Windows', 'Chapter 5', (ctx) => startStep(ctx))], broker, logger });
 */
export function stepUseCase(title: string, description: string, start: (ctx: UseCaseContext) => Promise<RunningUseCase>): UseCase {
  return { name: UI_NAMESPACE, title, description, dashboard: { entry: UI_ENTRY }, start };
}
