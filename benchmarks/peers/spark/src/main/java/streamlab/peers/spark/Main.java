package streamlab.peers.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.window;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark Structured Streaming peer of `npm run bench -- peers`.
 *
 * <pre>
 * java --add-opens=... -cp ... streamlab.peers.spark.Main --bootstrap host:port --input T --output O
 *   --workload tumbling --settings default|low-latency --checkpoint DIR --expect N [--cores 2]
 * </pre>
 *
 * Prints {@code STARTED}, then {@code HALF} after the batch that took the input past half of
 * {@code --expect} records and {@code CONSUMED} after the one that read all of them; runs until killed.
 */
public final class Main {
  static final StructType EVENT = new StructType()
      .add("id", DataTypes.LongType)
      .add("key", DataTypes.StringType)
      .add("ts", DataTypes.LongType)
      .add("amount", DataTypes.DoubleType)
      .add("merchant", DataTypes.StringType)
      .add("city", DataTypes.StringType)
      .add("note", DataTypes.StringType);

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    boolean lowLatency = "low-latency".equals(args.get("settings"));
    long expect = Long.parseLong(args.getOrDefault("expect", "0"));
    SparkSession spark = SparkSession.builder()
        .appName("streamlab-peer")
        .master("local[" + args.getOrDefault("cores", "2") + "]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", args.getOrDefault("shuffle-partitions", "2"))
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");

    AtomicLong seen = new AtomicLong();
    spark.streams().addListener(new StreamingQueryListener() {
      @Override
      public void onQueryStarted(QueryStartedEvent e) {}

      @Override
      public void onQueryProgress(QueryProgressEvent e) {
        // One line per batch on stderr (shown with BENCH_PEERS_VERBOSE=1, and in a failed run's last lines).
        System.err.println("spark batch " + e.progress().batchId() + ": " + e.progress().numInputRows() + " rows, watermark "
            + e.progress().eventTime().get("watermark") + ", " + e.progress().durationMs().get("triggerExecution") + " ms");
        long before = seen.get();
        long after = seen.addAndGet(e.progress().numInputRows());
        if (before < Math.max(1, expect / 2) && after >= Math.max(1, expect / 2)) System.out.println("HALF");
        if (before < expect && after >= expect) System.out.println("CONSUMED");
      }

      @Override
      public void onQueryTerminated(QueryTerminatedEvent e) {}
    });

    String[] inputs = args.get("input").split(",");
    Query query = switch (args.get("workload")) {
      case "tumbling" -> new Query(tumbling(events(spark, args, inputs[0], EVENT, "ts")), "update");
      case "sliding" -> new Query(Workloads.sliding(events(spark, args, inputs[0], EVENT, "ts")), "update");
      case "session" -> new Query(Workloads.session(events(spark, args, inputs[0], EVENT, "ts")), "append");
      case "join" -> new Query(
          Workloads.join(events(spark, args, inputs[0], Workloads.ORDER, "orderTs"), events(spark, args, inputs[1], Workloads.PAYMENT, "paymentTs")),
          "append");
      case "dedup" -> new Query(Workloads.dedup(events(spark, args, inputs[0], EVENT, "ts")), "append");
      case "fraud" -> new Query(Workloads.fraud(events(spark, args, inputs[0], Workloads.TRANSACTION, "eventTime")), "append");
      case "fraud-profile" -> new Query(
          Workloads.fraudProfile(events(spark, args, inputs[0], Workloads.TRANSACTION, "eventTime"), Workloads.profiles(spark, args.get("bootstrap"), inputs[1])),
          "append");
      default -> throw new IllegalArgumentException("unknown workload: " + args.get("workload"));
    };
    Dataset<Row> out = query.rows();

    DataStreamWriter<Row> writer = out.writeStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", args.get("bootstrap"))
        .option("topic", args.get("output"))
        .option("checkpointLocation", args.get("checkpoint"))
        .outputMode(query.mode());
    if (lowLatency) writer = writer.trigger(Trigger.ProcessingTime(0L));
    writer.start();
    System.out.println("STARTED");
    spark.streams().awaitAnyTermination();
  }

  /** A workload's output rows (key, value) and its output mode: update where Spark allows it, else append. */
  record Query(Dataset<Row> rows, String mode) {}

  /**
   * One input topic's JSON values as rows of {@code schema}, its event-time field {@code ts} (epoch
   * ms) turned into a timestamp; at most {@code maxOffsetsPerTrigger} (100,000) records per batch.
   */
  static Dataset<Row> events(SparkSession spark, Map<String, String> args, String topic, StructType schema, String ts) {
    return spark.readStream()
        .format("kafka")
        .option("kafka.bootstrap.servers", args.get("bootstrap"))
        .option("subscribe", topic)
        .option("startingOffsets", "earliest")
        .option("maxOffsetsPerTrigger", args.getOrDefault("max-offsets-per-trigger", "100000"))
        .load()
        .select(from_json(col("value").cast("string"), schema).as("e"))
        .select("e.*")
        .withColumn(ts, expr("timestamp_millis(" + ts + ")"));
  }

  /** A 1-minute tumbling count per key with a 10-minute watermark, as (key, value) rows for the Kafka sink. */
  static Dataset<Row> tumbling(Dataset<Row> events) {
    Dataset<Row> counts = events
        .withWatermark("ts", "10 minutes")
        .groupBy(window(col("ts"), "1 minute"), col("key"))
        .count()
        .select(col("key"), expr("unix_millis(window.start)").as("start"), col("count"));
    return counts.select(
        concat(col("key"), lit("|"), col("start").cast("string")).as("key"),
        to_json(struct(col("key"), col("start"), col("count"))).as("value"));
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
