package streamlab.peers.spark;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.session_window;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.window;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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

  static Dataset<Row> keyed(Dataset<Row> rows, Column key, Column... fields) {
    return rows.select(key.as("key"), to_json(struct(fields)).as("value"));
  }
}
