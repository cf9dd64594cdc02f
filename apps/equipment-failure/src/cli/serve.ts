/**
 * `npx nx serve equipment-failure`: this use case alone on http://localhost:3000 (`PORT` to change),
 * on the embedded broker unless `KAFKA_BROKERS` is set. Flags, environment (`LOG_LEVEL`,
 * `STREAMLAB_TOKEN`), logs, errors and shutdown are the live layer's `runServeCli`.
 */
import { runServeCli } from '@streamlab/live';
import { equipmentFailureUseCase } from '../use-case.js';

await runServeCli(equipmentFailureUseCase);
