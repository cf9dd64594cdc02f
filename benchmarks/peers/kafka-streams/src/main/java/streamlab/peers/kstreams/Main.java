package streamlab.peers.kstreams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The Kafka Streams peer of `npm run bench -- peers`.
 *
 * <pre>
 * java -cp ... streamlab.peers.kstreams.Main --bootstrap host:port --input T --output O
 *   --workload tumbling --settings default|low-latency --app-id ID --state-dir DIR --expect N
 *   [--commit-interval-ms MS (low-latency only; default 0)]
 * </pre>
 *
 * Prints {@code STARTED}, then {@code HALF} when it has read half of the {@code --expect} input records
 * and {@code CONSUMED} when it has read all of them (the driver samples the process's CPU then);
 * runs until killed.
 */
public final class Main {
  static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    String workload = args.get("workload");
    long expect = Long.parseLong(args.getOrDefault("expect", "0"));

    StreamsBuilder builder = new StreamsBuilder();
    Source source = new Source(builder, expect);
    String[] inputs = args.get("input").split(",");
    String output = args.get("output");
    switch (workload) {
      case "tumbling" -> tumbling(source.stream(inputs[0], "ts"), output);
      case "sliding" -> Workloads.sliding(source.stream(inputs[0], "ts"), output);
      case "session" -> Workloads.session(source.stream(inputs[0], "ts"), output);
      case "join" -> Workloads.join(source.stream(inputs[0], "orderTs"), source.stream(inputs[1], "paymentTs"), output);
      case "dedup" -> Workloads.dedup(builder, source.stream(inputs[0], "ts"), output);
      case "fraud" -> Workloads.fraud(builder, source.stream(inputs[0], "eventTime"), output);
      case "fraud-profile" -> Workloads.fraudProfile(builder, source.stream(inputs[0], "eventTime"), inputs[1], output);
      default -> throw new IllegalArgumentException("unknown workload: " + workload);
    }

    KafkaStreams streams = new KafkaStreams(builder.build(), config(args));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(Duration.ofSeconds(5))));
    streams.start();
    System.out.println("STARTED");
  }

  /** A 1-minute tumbling count per key with a 10-minute grace, every update to the output topic. */
  static void tumbling(KStream<String, JsonNode> input, String output) {
    input
        .groupByKey(Grouped.with(Serdes.String(), jsonSerde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofMinutes(10)))
        .count()
        .toStream()
        .map((wk, n) -> {
          long start = wk.window().start();
          String value = "{\"key\":" + quote(wk.key()) + ",\"start\":" + start + ",\"count\":" + n + "}";
          return KeyValue.pair(wk.key() + "|" + start, value);
        })
        .to(output, Produced.with(Serdes.String(), Serdes.String()));
  }

  /**
   * Production-like settings (see ../README.md): at-least-once, one stream thread per core, the
   * default 10 MB record cache, a 1 s commit interval. Low latency: commit interval 0 and no cache.
   */
  static Properties config(Map<String, String> args) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, args.get("app-id"));
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args.get("bootstrap"));
    p.put(StreamsConfig.STATE_DIR_CONFIG, args.get("state-dir"));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.parseInt(args.getOrDefault("threads", "2")));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    if ("low-latency".equals(args.get("settings"))) {
      // --commit-interval-ms: the latency bench also runs 100 ms (commit 0 commits after every poll).
      p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.parseInt(args.getOrDefault("commit-interval-ms", "0")));
      p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    } else {
      p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    }
    return p;
  }

  /**
   * An input topic as a stream of JSON values with the event time from the field {@code field},
   * counting records over all inputs: {@code HALF} when half of {@code --expect} have been read,
   * {@code CONSUMED} when all have.
   */
  static final class Source {
    final StreamsBuilder builder;
    final long expect;
    final long half;
    final AtomicLong seen = new AtomicLong();

    Source(StreamsBuilder builder, long expect) {
      this.builder = builder;
      this.expect = expect;
      this.half = Math.max(1, expect / 2);
    }

    KStream<String, JsonNode> stream(String topic, String field) {
      return builder
          .stream(topic, Consumed.with(Serdes.String(), jsonSerde()).withTimestampExtractor(new JsonTimestamp(field)))
          .peek((k, v) -> {
            long n = seen.incrementAndGet();
            if (n == half) System.out.println("HALF");
            if (n == expect) System.out.println("CONSUMED");
          });
    }
  }

  /** Event time from a field of the record's JSON value (epoch milliseconds): {@code ts} unless told. */
  public static final class JsonTimestamp implements TimestampExtractor {
    private final String field;

    public JsonTimestamp() {
      this("ts");
    }

    public JsonTimestamp(String field) {
      this.field = field;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
      return ((JsonNode) record.value()).get(field).asLong();
    }
  }

  static Serde<JsonNode> jsonSerde() {
    Serializer<JsonNode> ser = (topic, node) -> {
      try {
        return node == null ? null : JSON.writeValueAsBytes(node);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    Deserializer<JsonNode> de = (topic, bytes) -> {
      try {
        return bytes == null ? null : JSON.readTree(bytes);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    return Serdes.serdeFrom(ser, de);
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> parse(String[] argv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) throw new IllegalArgumentException("expected --name value, got " + argv[i]);
      m.put(argv[i].substring(2), argv[i + 1]);
    }
    return m;
  }
}
