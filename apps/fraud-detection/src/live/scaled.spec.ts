/** The scaled fraud app's plan: fraud.transactions is declared partitioned by card, so no keyed operator needs a repartition. */
import { createEmbeddedKafka, EmbeddedBroker, silentLogger } from '@streamlab/kafka';
import { describe, expect, it } from 'vitest';
import { TRANSACTIONS_TOPIC } from '../sim/model.js';
import { fraudScaleOut } from './scaled.js';

describe('fraudScaleOut', () => {
  it('creates no repartition topic: every keyed operator of the card-keyed rules is keyed by the card column', async () => {
    const broker = new EmbeddedBroker();
    const client = createEmbeddedKafka({ broker });
    await client.admin.createTopics([{ topic: TRANSACTIONS_TOPIC, partitions: 3 }]);
    const app = fraudScaleOut({ client, logger: silentLogger });
    expect(app.repartitions()).toEqual([]);
    // one query per task, its dedup, velocity windows, travel state and card-testing pattern over the declared input
    const plan = app.explain();
    expect(plan.match(/^query: /gm)).toHaveLength(1);
    expect(plan).toContain('DeduplicateWithinWatermark [cardId, txId]');
    const instance = await app.start();
    await instance.stop();
    expect(broker.listTopics().filter((t) => t.endsWith('-repartition'))).toEqual([]);
    expect(broker.listTopics()).toContain('fraud-detection-task-changelog'); // it did prepare its topics
  });
});
