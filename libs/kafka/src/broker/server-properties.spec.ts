import { describe, expect, it } from 'vitest';
import { serverProperties } from './server-properties.js';

const parse = (text: string) =>
  new Map(
    text
      .trim()
      .split('\n')
      .map((l) => l.split('=', 2) as [string, string]),
  );

describe('server.properties of the local broker', () => {
  const props = parse(serverProperties({ brokerPort: 40001, controllerPort: 40002, logDir: '/tmp/k/data', overrides: { 'num.partitions': 3 } }));

  it('is one KRaft node, broker and controller, on 127.0.0.1', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:40002');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:40001,CONTROLLER://127.0.0.1:40002');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:40001');
    expect(props.get('log.dirs')).toBe('/tmp/k/data');
  });

  it('is set up for a single node and fast tests', () => {
    expect(props.get('offsets.topic.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.min.isr')).toBe('1');
    expect(props.get('min.insync.replicas')).toBe('1');
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
  });

  it('shared with a room (advertisedHost): clients on every interface, the advertised name theirs, the controller on loopback', () => {
    const shared = parse(serverProperties({ brokerPort: 9092, controllerPort: 40002, logDir: '/tmp/k/data', advertisedHost: '192.168.1.20' }));
    expect(shared.get('listeners')).toBe('PLAINTEXT://0.0.0.0:9092,CONTROLLER://127.0.0.1:40002');
    expect(shared.get('advertised.listeners')).toBe('PLAINTEXT://192.168.1.20:9092');
    expect(shared.get('controller.quorum.voters')).toBe('1@127.0.0.1:40002');
  });

  it('applies overrides', () => {
    expect(props.get('num.partitions')).toBe('3');
  });
});
