/**
 * The `server.properties` of the local broker: one KRaft node that is both broker and controller,
 * on 127.0.0.1, tuned for a single node and fast tests rather than for durability.
 */

export interface ServerPropertiesInput {
  brokerPort: number;
  controllerPort: number;
  /** Directory of the log segments (inside the fresh temp dir). */
  logDir: string;
  /**
   * The host name other machines reach this broker by: it then listens on every interface and
   * advertises `<host>:<brokerPort>` (a workshop room on one broker). Default: 127.0.0.1 only.
   */
  advertisedHost?: string;
  /** Extra or overriding settings. */
  overrides?: Record<string, string | number | boolean>;
}

/**
 * Renders `server.properties` for a single combined broker+controller.
 *
 * @example
 * writeFileSync('server.properties', serverProperties({ brokerPort: 9092, controllerPort: 9093, logDir: '/tmp/k/data' }));
 */
export function serverProperties(input: ServerPropertiesInput): string {
  const { brokerPort, controllerPort, logDir } = input;
  const bind = input.advertisedHost === undefined ? '127.0.0.1' : '0.0.0.0';
  const advertised = input.advertisedHost ?? '127.0.0.1';
  const settings: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    // the controller stays on loopback: only the client listener is shared
    listeners: `PLAINTEXT://${bind}:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${advertised}:${brokerPort}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': logDir,
    // One node: every internal topic has one replica and needs only one in sync.
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 5,
    'transaction.state.log.segment.bytes': 1048576,
    'offsets.topic.segment.bytes': 1048576,
    // Fast tests: no rebalance delay, quick retention checks and segment deletion.
    'group.initial.rebalance.delay.ms': 0,
    'log.segment.bytes': 16777216,
    'log.retention.check.interval.ms': 1000,
    'log.segment.delete.delay.ms': 0,
    'log.flush.offset.checkpoint.interval.ms': 1000,
    'transaction.abort.timed.out.transaction.cleanup.interval.ms': 2000,
    'auto.leader.rebalance.enable': false,
    'delete.topic.enable': true,
    // Small footprint: the machine is shared.
    'num.network.threads': 2,
    'num.io.threads': 4,
    'num.recovery.threads.per.data.dir': 1,
    'background.threads': 4,
    'log.cleaner.threads': 1,
    'log.cleaner.dedupe.buffer.size': 8388608,
    ...input.overrides,
  };
  return `${Object.entries(settings)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('\n')}\n`;
}

/** A log4j 1 configuration sending the broker's log to stdout (which is redirected to a file). */
export const LOG4J_PROPERTIES = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka=INFO',
  'log4j.logger.org.apache.kafka=INFO',
  'log4j.logger.kafka.request.logger=WARN',
  'log4j.logger.state.change.logger=WARN',
  '',
].join('\n');
