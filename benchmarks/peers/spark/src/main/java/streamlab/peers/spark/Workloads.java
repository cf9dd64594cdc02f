package streamlab.peers.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.session_window;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark queries of the peers bench's workloads beside the tumbling count (which is in
 * {@link Main}); each mirrors {@code libs/kafka/src/bench/peers/<name>.ts}, where the semantics and
 * why all three systems define the same result are written down. Each returns (key, value) rows for
 * the Kafka sink.
 */
final class Workloads {
  private Workloads() {}

  static final StructType ORDER = new StructType()
      .add("orderId", DataTypes.StringType)
      .add("orderTs", DataTypes.LongType)
      .add("amount", DataTypes.DoubleType)
      .add("customer", DataTypes.StringType)
      .add("note", DataTypes.StringType);

  static final StructType PAYMENT = new StructType()
      .add("paymentId", DataTypes.StringType)
      .add("orderId", DataTypes.StringType)
      .add("paymentTs", DataTypes.LongType)
      .add("method", DataTypes.StringType)
      .add("note", DataTypes.StringType);

  /** 10-minute windows every minute, sum and average of the amount per key (update mode). */
  static Dataset<Row> sliding(Dataset<Row> events) {
    Dataset<Row> w = events
        .withWatermark("ts", "10 minutes")
        .groupBy(window(col("ts"), "10 minutes", "1 minute"), col("key"))
        .agg(sum("amount").as("sum"), avg("amount").as("avg"))
        .select(col("key"), expr("unix_millis(window.start)").as("start"), col("sum"), col("avg"));
    return keyed(w, concat(col("key"), lit("|"), col("start").cast("string")), col("key"), col("start"), col("sum"), col("avg"));
  }

  /** Session windows with a 30 s gap, count and sum per session (append: Spark has no update mode for sessions). */
  static Dataset<Row> session(Dataset<Row> events) {
    Dataset<Row> s = events
        .withWatermark("ts", "10 minutes")
        .groupBy(session_window(col("ts"), "30 seconds"), col("key"))
        .agg(count(lit(1)).as("count"), sum("amount").as("sum"))
        .select(
            col("key"),
            expr("unix_millis(session_window.start)").as("start"),
            expr("unix_millis(session_window.end)").as("end"),
            col("count"),
            col("sum"));
    return keyed(s, concat(col("key"), lit("|"), col("start").cast("string")), col("key"), col("start"), col("end"), col("count"), col("sum"));
  }

  /** Orders and payments joined when {@code orderTs <= paymentTs <= orderTs + 1 minute} (append). */
  static Dataset<Row> join(Dataset<Row> orders, Dataset<Row> payments) {
    Dataset<Row> j = orders
        .withWatermark("orderTs", "10 minutes")
        .as("o")
        .join(
            payments.withWatermark("paymentTs", "10 minutes").as("p"),
            expr("o.orderId = p.orderId AND p.paymentTs >= o.orderTs AND p.paymentTs <= o.orderTs + interval 1 minute"),
            "inner")
        .select(col("o.orderId").as("orderId"), col("p.paymentId").as("paymentId"), expr("unix_millis(p.paymentTs) - unix_millis(o.orderTs)").as("delta"));
    return keyed(j, concat(col("orderId"), lit("|"), col("paymentId")), col("orderId"), col("paymentId"), col("delta"));
  }

  /** Each id once within the 10-minute watermark: {@code dropDuplicatesWithinWatermark} (append). */
  static Dataset<Row> dedup(Dataset<Row> events) {
    Dataset<Row> d = events
        .withWatermark("ts", "10 minutes")
        .dropDuplicatesWithinWatermark(new String[] {"id"})
        .select(col("id"), expr("unix_millis(ts)").as("ts"));
    return keyed(d, col("id").cast("string"), col("id"), col("ts"));
  }

  static final StructType TRANSACTION = new StructType()
      .add("txId", DataTypes.StringType)
      .add("cardId", DataTypes.StringType)
      .add("accountId", DataTypes.StringType)
      .add("amount", DataTypes.DoubleType)
      .add("currency", DataTypes.StringType)
      .add("merchantId", DataTypes.StringType)
      .add("mcc", DataTypes.StringType)
      .add("channel", DataTypes.StringType)
      .add("country", DataTypes.StringType)
      .add("city", DataTypes.StringType)
      .add("lat", DataTypes.DoubleType)
      .add("lon", DataTypes.DoubleType)
      .add("deviceId", DataTypes.StringType)
      .add("eventTime", DataTypes.LongType);

  /**
   * The fraud app's transactions (resends dropped by {@code txId} within the 15 s watermark) and
   * its velocity query: per card, 5-minute windows every 15 s, count and sum, alerts only (append).
   */
  static Dataset<Row> fraud(Dataset<Row> tx) {
    Dataset<Row> v = tx
        .withWatermark("eventTime", "15 seconds")
        .dropDuplicatesWithinWatermark(new String[] {"txId"})
        .groupBy(window(col("eventTime"), "5 minutes", "15 seconds"), col("cardId"))
        .agg(count(lit(1)).as("n"), sum("amount").as("amount"))
        .where("n >= 6 OR (n >= 3 AND amount >= 250000)")
        .select(col("cardId"), expr("unix_millis(window.start)").as("start"), col("n"), col("amount"));
    return keyed(v, concat(col("cardId"), lit("|"), col("start").cast("string")), col("cardId"), col("start"), col("n"), col("amount"));
  }

  static final StructType PROFILE = new StructType()
      .add("cardId", DataTypes.StringType)
      .add("spendLogMedian", DataTypes.DoubleType)
      .add("spendLogMad", DataTypes.DoubleType)
      .add("knownDevices", DataTypes.createArrayType(DataTypes.StringType));

  /**
   * The card profiles as a static DataFrame, read once from the compacted profiles topic with a
   * batch {@code spark.read.format("kafka")} (earliest to latest offsets): the last value per card,
   * as compaction keeps (a tombstone deletes the card), cached and counted here, so the table is
   * loaded before the streaming query starts and every micro-batch joins the same rows.
   */
  static Dataset<Row> profiles(SparkSession spark, String bootstrap, String topic) {
    Dataset<Row> p = spark.read()
        .format("kafka")
        .option("kafka.bootstrap.servers", bootstrap)
        .option("subscribe", topic)
        .option("startingOffsets", "earliest")
        .option("endingOffsets", "latest")
        .load()
        .groupBy(col("key"))
        .agg(max_by(col("value"), col("offset")).as("value"))
        .where(col("value").isNotNull())
        .select(from_json(col("value").cast("string"), PROFILE).as("p"))
        .select("p.*")
        .cache();
    p.count();
    return p;
  }

  /**
   * The fraud app's stream-static joins (amount-anomaly and account-takeover): the transactions
   * (resends dropped by {@code txId} within the 15 s watermark) joined with the static profiles
   * (inner, broadcast: a dimension table), then both rules with the app's default thresholds, the
   * score as the app's {@code amountScore} ({@code log} is {@code StrictMath.log}); one row per
   * (transaction, rule) that alerts, keyed {@code txId|rule} (append).
   */
  static Dataset<Row> fraudProfile(Dataset<Row> tx, Dataset<Row> profiles) {
    Column eur = col("t.amount").divide(lit(100.0));
    Column score = lit(0.6745).multiply(log(eur).minus(col("p.spendLogMedian"))).divide(greatest(col("p.spendLogMad"), lit(0.05)));
    Column anomaly = col("t.channel").notEqual(lit("atm")).and(eur.geq(lit(150.0))).and(score.geq(lit(3.5)));
    Column takeover = col("t.channel").equalTo(lit("e-commerce"))
        .and(not(array_contains(col("p.knownDevices"), col("t.deviceId"))))
        .and(eur.geq(lit(80.0)))
        .and(score.geq(lit(2.0)));
    Dataset<Row> alerts = tx
        .withWatermark("eventTime", "15 seconds")
        .dropDuplicatesWithinWatermark(new String[] {"txId"})
        .as("t")
        .join(broadcast(profiles).as("p"), col("t.cardId").equalTo(col("p.cardId")), "inner")
        .select(
            col("t.txId").as("txId"),
            col("t.cardId").as("cardId"),
            col("t.amount").cast("long").as("amount"),
            explode(array_compact(array(when(anomaly, lit("amount-anomaly")), when(takeover, lit("account-takeover"))))).as("rule"));
    return keyed(alerts, concat(col("txId"), lit("|"), col("rule")), col("txId"), col("rule"), col("cardId"), col("amount"));
  }

  static Dataset<Row> keyed(Dataset<Row> rows, Column key, Column... fields) {
    return rows.select(key.as("key"), to_json(struct(fields)).as("value"));
  }
}
