package streamlab.peers.kstreams;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Deduplication by id within {@code within} of event time, the Kafka Streams way (its DSL has no
 * deduplication; this is Confluent's recipe): a record is a duplicate when its id is in the window
 * store within {@code within} of its event time; otherwise its id is stored and it goes on. The
 * store ({@link #store}) keeps ids for twice {@code within} of stream time (its retention), then
 * drops them, as Spark's {@code dropDuplicatesWithinWatermark} drops an id once the watermark
 * passes it. The id is the record key, or a text field of the JSON value. All copies of an id must
 * be in one partition (the same key).
 */
final class Dedup implements FixedKeyProcessor<String, JsonNode, JsonNode> {
  private final String storeName;
  private final long within;
  private final String idField;
  private FixedKeyProcessorContext<String, JsonNode> context;
  private WindowStore<String, Long> ids;

  /** @param idField the JSON field of the id, or null for the record key */
  Dedup(String storeName, Duration within, String idField) {
    this.storeName = storeName;
    this.within = within.toMillis();
    this.idField = idField;
  }

  /** The window store a {@code Dedup} of {@code storeName} needs, to add to the builder. */
  static StoreBuilder<WindowStore<String, Long>> store(String storeName, Duration within) {
    return Stores.windowStoreBuilder(Stores.persistentWindowStore(storeName, within.multipliedBy(2), within, false), Serdes.String(), Serdes.Long());
  }

  @Override
  public void init(FixedKeyProcessorContext<String, JsonNode> context) {
    this.context = context;
    this.ids = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, JsonNode> record) {
    long ts = record.timestamp();
    String id = idField == null ? record.key() : record.value().get(idField).asText();
    try (WindowStoreIterator<Long> seen = ids.fetch(id, ts - within, ts + within)) {
      if (seen.hasNext()) return;
    }
    ids.put(id, ts, ts);
    context.forward(record);
  }
}
