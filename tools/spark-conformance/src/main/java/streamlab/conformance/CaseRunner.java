package streamlab.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.StreamingQueryWrapper;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs one case: builds the query, starts it (or records Spark's rejection), then per step adds
 * the step's rows to its inputs (all inputs at once, under the query's progress lock, so they
 * land in one batch), calls processAllAvailable() and records every batch the step ran.
 */
final class CaseRunner {
  /** Session confs a case may set; restored after the case. */
  private static final Map<String, String> CONF_OF_FIELD = Map.of(
      "watermarkPolicy", "spark.sql.streaming.multipleWatermarkPolicy",
      "noDataBatches", "spark.sql.streaming.noDataMicroBatches.enabled");

  private final SparkSession spark;
  private final Cases.Case c;
  private final Map<Long, List<JsonNode>> rowsByBatch = new ConcurrentHashMap<>();

  CaseRunner(SparkSession spark, Cases.Case c) {
    this.spark = spark;
    this.c = c;
  }

  ObjectNode run() throws Exception {
    JsonNode json = c.json();
    Map<String, String> saved = new TreeMap<>();
    for (Map.Entry<String, String> e : CONF_OF_FIELD.entrySet()) {
      JsonNode v = json.get(e.getKey());
      if (v == null) continue;
      saved.put(e.getValue(), spark.conf().get(e.getValue(), null));
      spark.conf().set(e.getValue(), v.asText());
    }
    File checkpoint = Files.createTempDirectory("spark-conformance-" + c.id()).toFile();
    try {
      return runQuery(json, checkpoint);
    } finally {
      saved.forEach((k, v) -> {
        if (v == null) spark.conf().unset(k);
        else spark.conf().set(k, v);
      });
      deleteRecursively(checkpoint);
    }
  }

  private ObjectNode runQuery(JsonNode json, File checkpoint) throws Exception {
    ObjectNode result = Json.MAPPER.createObjectNode();
    boolean ordered = hasSort(json.get("query"));
    QueryBuilder qb;
    StreamingQuery query;
    String stage = "definition";
    try {
      qb = new QueryBuilder(spark, json);
      Dataset<Row> df = qb.pipeline(json.get("query"));
      stage = "start";
      query = df.writeStream()
          .outputMode(json.get("outputMode").asText())
          .option("checkpointLocation", checkpoint.getAbsolutePath())
          .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, batchId) -> {
            List<JsonNode> rows = new ArrayList<>();
            for (Row r : QueryBuilder.asJson(batch).collectAsList()) rows.add(Json.canonical(Json.parse(r.getString(0))));
            rowsByBatch.put(batchId, rows);
          })
          .start();
    } catch (Exception e) {
      if (e instanceof IllegalArgumentException && stage.equals("definition") && !e.getClass().getName().contains("spark")) throw e;
      ObjectNode rej = result.putObject("rejected");
      rej.put("stage", stage);
      rej.put("error", e.getClass().getSimpleName());
      rej.put("message", message(e));
      checkMentions(json, rej.get("message").asText());
      return result;
    }

    ReentrantLock progressLock = ((StreamingQueryWrapper) query).streamingQuery().awaitProgressLock();
    ArrayNode steps = result.putArray("steps");
    long lastBatch = -1;
    try {
      for (JsonNode step : json.get("steps")) {
        progressLock.lock();
        try {
          step.path("add").fields().forEachRemaining(e -> {
            QueryBuilder.Input in = qb.inputs.get(e.getKey());
            if (in == null) throw new IllegalArgumentException(c.id() + ": step adds to unknown input " + e.getKey());
            List<Row> rows = new ArrayList<>();
            for (JsonNode r : e.getValue()) rows.add(QueryBuilder.toRow(r, in.types()));
            in.stream().addData(CollectionConverters.asScala(rows).toSeq());
          });
        } finally {
          progressLock.unlock();
        }
        query.processAllAvailable();
        ObjectNode s = steps.addObject();
        ArrayNode batches = s.putArray("batches");
        TreeMap<Long, StreamingQueryProgress> fresh = new TreeMap<>();
        for (StreamingQueryProgress p : query.recentProgress()) if (p.batchId() > lastBatch) fresh.put(p.batchId(), p);
        for (StreamingQueryProgress p : fresh.values()) {
          ObjectNode b = batches.addObject();
          b.put("batchId", p.batchId());
          b.put("numInputRows", p.numInputRows());
          String wm = p.eventTime().get("watermark");
          if (wm != null) b.put("watermark", Instant.parse(wm).toEpochMilli());
          ArrayNode ops = b.putArray("stateOperators");
          for (StateOperatorProgress op : p.stateOperators()) {
            ObjectNode o = ops.addObject();
            o.put("operatorName", op.operatorName());
            o.put("numRowsDroppedByWatermark", op.numRowsDroppedByWatermark());
          }
          List<JsonNode> rows = rowsByBatch.getOrDefault(p.batchId(), List.of());
          b.set("rows", ordered ? Json.MAPPER.valueToTree(rows) : Json.sortedRows(rows));
          lastBatch = p.batchId();
        }
        StreamingQueryProgress last = query.lastProgress();
        String wm = last == null ? null : last.eventTime().get("watermark");
        if (wm != null) s.put("watermark", Instant.parse(wm).toEpochMilli());
        else s.putNull("watermark");
      }
    } catch (Exception e) {
      Throwable cause = e instanceof StreamingQueryException && e.getCause() != null ? e.getCause() : e;
      if (steps.size() == 0 && cause instanceof AnalysisException) {
        // Some checks run when the first batch is planned (e.g. a session window without keys):
        // Spark still refuses the query before it produced anything.
        result.remove("steps");
        ObjectNode rej = result.putObject("rejected");
        rej.put("stage", "firstBatch");
        rej.put("error", cause.getClass().getSimpleName());
        rej.put("message", message(cause));
        checkMentions(json, rej.get("message").asText());
        return result;
      }
      ObjectNode f = result.putObject("failed");
      f.put("step", steps.size());
      f.put("error", cause.getClass().getSimpleName());
      f.put("message", message(cause));
    } finally {
      query.stop();
    }
    if (json.has("rejectionMentions")) throw new IllegalStateException(c.id() + ": Spark accepted a query the case says it rejects");
    return result;
  }

  private void checkMentions(JsonNode json, String message) {
    JsonNode mentions = json.get("rejectionMentions");
    if (mentions == null) throw new IllegalStateException(c.id() + ": Spark rejected the query (" + message + "); add \"rejectionMentions\" to the case if that is expected");
    for (JsonNode m : mentions) {
      if (!message.toLowerCase().contains(m.asText().toLowerCase())) {
        throw new IllegalStateException(c.id() + ": Spark's message does not mention \"" + m.asText() + "\": " + message);
      }
    }
  }

  private static boolean hasSort(JsonNode ops) {
    for (JsonNode op : ops) if (op.has("sort")) return true;
    return false;
  }

  /** The exception's message without the logical plan Spark appends after ";\n". */
  private static String message(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int plan = m.indexOf(";\n");
    if (plan >= 0) m = m.substring(0, plan);
    return m.length() > 800 ? m.substring(0, 800) + "..." : m.trim();
  }

  private static void deleteRecursively(File f) {
    File[] children = f.listFiles();
    if (children != null) for (File x : children) deleteRecursively(x);
    f.delete();
  }
}
