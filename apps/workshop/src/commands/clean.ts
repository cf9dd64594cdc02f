/**
 * `clean [--yes]`: deletes this attendee's topics (those named `WORKSHOP_PREFIX…`) on the shared
 * broker in `KAFKA_BROKERS`, after asking. The embedded broker needs no clean-up: its topics live
 * in the runner's process and go when it stops.
 */
import { EXIT, WorkshopError } from '../errors.js';
import { isYes } from '../io.js';
import { openBroker, type RunBroker } from '../run/broker.js';
import type { Workshop } from '../workshop.js';

export interface CleanDeps {
  /** How the broker is opened (specs pass the embedded one). */
  openBroker?: typeof openBroker;
}

/**
 * @example
 * // WORKSHOP_PREFIX=alice. KAFKA_BROKERS=10.0.0.5:9092
 * await cleanCommand(workshop, { yes: true }); // "Deleted 3 topics: alice.sightings, ..."
 */
export async function cleanCommand(w: Workshop, opts: { yes?: boolean }, deps: CleanDeps = {}): Promise<number> {
  const { config, io } = w;
  const open = deps.openBroker ?? openBroker;
  if (!deps.openBroker && !config.kafkaBrokers) {
    io.out('Nothing to clean: without KAFKA_BROKERS the runs use the embedded broker, whose topics go when the run stops.\n');
    return EXIT.ok;
  }
  if (config.prefix === '') {
    throw new WorkshopError('WORKSHOP_BAD_CONFIG', 'clean deletes the topics named WORKSHOP_PREFIX…, and WORKSHOP_PREFIX is not set', {
      hint: 'set the prefix your runs used, e.g. WORKSHOP_PREFIX=alice. npm run workshop -- clean (without one it would delete every topic)',
    });
  }
  const broker: RunBroker = await open({ kafkaBrokers: config.kafkaBrokers, logger: w.logger });
  try {
    const topics = (await broker.kafka.admin.listTopics()).filter((t) => t.startsWith(config.prefix)).sort();
    if (topics.length === 0) {
      io.out(`No topics named ${config.prefix}… on ${broker.description}.\n`);
      return EXIT.ok;
    }
    const list = topics.join(', ');
    if (!opts.yes && !isYes(await io.ask(`Delete ${topics.length} topic${topics.length === 1 ? '' : 's'} on ${broker.description}: ${list}? [y/N] `))) {
      io.out('Nothing deleted.\n');
      return EXIT.ok;
    }
    await broker.kafka.admin.deleteTopics(topics);
    io.out(`Deleted ${topics.length} topic${topics.length === 1 ? '' : 's'}: ${list}\n`);
    return EXIT.ok;
  } finally {
    await broker.close();
  }
}
