/**
 * Exercise 2 live: one window count, three queries (append, update, complete) side by side on the
 * same Kafka topic, so each batch shows what each mode emits. The park's time runs two minutes
 * per second: a 10-minute window closes every 5 seconds.
 */
import { startLiveRun } from '../../src/live-run.js';
import { defineStep } from '../../src/step.js';

export default defineStep<typeof import('./solution.js')>({
  title: 'Windows and output modes',
  chapter: '2. Structured Streaming (output modes); 3. Windowing',
  minutes: 40,
  kind: 'exercise',
  async run(impl, ctx) {
    const live = await startLiveRun(ctx, { feed: { ratePerSec: 3, speed: 120 } });
    // Exercise 1's reader, given here: this step is about what comes after it.
    const sightings = live.sightings();
    const modes = ['append', 'update', 'complete'] as const;
    return live.running(modes.map((mode) => live.show(impl.countsPerWindow(sightings), `counts-${mode}`, mode, '5 seconds')));
  },
});
