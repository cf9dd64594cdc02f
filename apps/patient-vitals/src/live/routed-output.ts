/**
 * One simulator, two topics: the bedside monitors' messages go to `vitals.readings`, the nurses'
 * observations to `vitals.observations`, as a hospital's integration engine routes HL7 by message
 * type. A datagen output that splits each batch by the record's `kind` and hands each part to the
 * output of its topic (one `await` per part and batch, never per record).
 */
import type { SimBatch, SimOutput } from '@streamlab/datagen';
import type { VitalsRecord } from '../domain/records.js';

/**
 * @example
 * runSimulation(sim, routedOutput({ monitor: kafkaOutput({ client, topic: 'vitals.readings' }), observation: kafkaOutput({ client, topic: 'vitals.observations' }) }));
 */
export function routedOutput(outputs: Readonly<Record<VitalsRecord['kind'], SimOutput<VitalsRecord>>>): SimOutput<VitalsRecord> {
  return {
    description: `routed[monitor → ${outputs.monitor.description}, observation → ${outputs.observation.description}]`,
    async write(batch: SimBatch<VitalsRecord>) {
      const monitor = batch.envelopes.filter((e) => e.record.kind === 'monitor');
      const observation = batch.envelopes.filter((e) => e.record.kind === 'observation');
      // incidents travel with the monitors' part (their labels topic, if any, is the readings')
      await outputs.monitor.write({ envelopes: monitor, incidents: batch.incidents, recordId: batch.recordId });
      if (observation.length > 0) await outputs.observation.write({ envelopes: observation, incidents: [], recordId: batch.recordId });
    },
    async close() {
      await outputs.monitor.close?.();
      await outputs.observation.close?.();
    },
  };
}
