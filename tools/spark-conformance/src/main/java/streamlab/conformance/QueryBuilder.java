package streamlab.conformance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Builds a Spark streaming DataFrame from a case's "query" (a pipeline: a list of one-key ops) and
 * converts output rows to JSON with epoch-ms times. See README.md for the DSL.
 */
final class QueryBuilder {
  /** One input: its MemoryStream (times as epoch-ms longs) and the column types of the case. */
  record Input(MemoryStream<Row> stream, StructType rawSchema, Map<String, String> types) {}

  private final SparkSession spark;
  private final JsonNode caseJson;
  final Map<String, Input> inputs = new LinkedHashMap<>();

  QueryBuilder(SparkSession spark, JsonNode caseJson) {
    this.spark = spark;
    this.caseJson = caseJson;
    Iterator<Map.Entry<String, JsonNode>> it = caseJson.path("inputs").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      Map<String, String> types = types(e.getValue());
      StructType raw = rawSchema(types);
      MemoryStream<Row> stream = MemoryStream.apply(Encoders.row(raw), spark.sqlContext());
      inputs.put(e.getKey(), new Input(stream, raw, types));
    }
  }

  private static Map<String, String> types(JsonNode schema) {
    Map<String, String> out = new LinkedHashMap<>();
    schema.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
    return out;
  }

  /** "timestamp" columns travel as epoch-ms longs and become TimestampType in the query. */
  private static StructType rawSchema(Map<String, String> types) {
    List<StructField> fields = new ArrayList<>();
    types.forEach((name, type) -> fields.add(DataTypes.createStructField(name, rawType(type), true)));
    return DataTypes.createStructType(fields);
  }

  private static DataType rawType(String type) {
    return switch (type) {
      case "timestamp", "long" -> DataTypes.LongType;
      case "int" -> DataTypes.IntegerType;
      case "double" -> DataTypes.DoubleType;
      case "string" -> DataTypes.StringType;
      case "boolean" -> DataTypes.BooleanType;
      default -> throw new IllegalArgumentException("unknown column type " + type + " (timestamp, long, int, double, string, boolean)");
    };
  }

  /** A JSON row (object) as a Spark Row in the raw schema's column order. */
  static Row toRow(JsonNode row, Map<String, String> types) {
    Object[] values = new Object[types.size()];
    int i = 0;
    for (Map.Entry<String, String> t : types.entrySet()) {
      JsonNode v = row.get(t.getKey());
      values[i++] = v == null || v.isNull() ? null : switch (t.getValue()) {
        case "timestamp", "long" -> v.asLong();
        case "int" -> v.asInt();
        case "double" -> v.asDouble();
        case "boolean" -> v.asBoolean();
        default -> v.asText();
      };
    }
    return RowFactory.create(values);
  }

  /** The raw (epoch-ms) columns as the case's types: timestamp_millis for "timestamp". */
  private static Dataset<Row> typed(Dataset<Row> raw, Map<String, String> types) {
    List<Column> cols = new ArrayList<>();
    types.forEach((name, type) -> cols.add(type.equals("timestamp") ? expr("timestamp_millis(`" + name + "`)").as(name) : col(name)));
    return raw.select(cols.toArray(new Column[0]));
  }

  Dataset<Row> pipeline(JsonNode ops) {
    Dataset<Row> df = null;
    for (JsonNode op : ops) {
      String kind = op.fieldNames().next();
      JsonNode arg = op.get(kind);
      if (df == null && !kind.equals("source")) throw new IllegalArgumentException("a pipeline starts with {\"source\": name}, got " + op);
      df = switch (kind) {
        case "source" -> source(arg.asText());
        case "withWatermark" -> df.withWatermark(arg.get(0).asText(), arg.get(1).asText());
        case "select" -> df.select(columns(arg));
        case "groupBy" -> aggregate(df, arg, op.get("agg"));
        case "dropDuplicates" -> arg.isEmpty() ? df.dropDuplicates() : df.dropDuplicates(strings(arg));
        case "dropDuplicatesWithinWatermark" -> arg.isEmpty() ? df.dropDuplicatesWithinWatermark() : df.dropDuplicatesWithinWatermark(strings(arg));
        case "join" -> join(df, arg);
        case "union" -> {
          Dataset<Row> u = df;
          for (JsonNode other : arg) u = u.unionByName(pipeline(other));
          yield u;
        }
        case "sort" -> df.orderBy(sortColumns(arg));
        default -> throw new IllegalArgumentException("unknown op " + kind);
      };
    }
    return df;
  }

  private Dataset<Row> source(String name) {
    Input in = inputs.get(name);
    if (in == null) throw new IllegalArgumentException("unknown input " + name);
    return typed(in.stream().toDF(), in.types());
  }

  private Dataset<Row> staticTable(String name) {
    JsonNode t = caseJson.path("static").get(name);
    if (t == null) throw new IllegalArgumentException("unknown static table " + name);
    Map<String, String> types = types(t.get("schema"));
    List<Row> rows = new ArrayList<>();
    for (JsonNode r : t.get("rows")) rows.add(toRow(r, types));
    return typed(spark.createDataFrame(rows, rawSchema(types)), types);
  }

  private Dataset<Row> aggregate(Dataset<Row> df, JsonNode by, JsonNode aggs) {
    List<Column> groups = new ArrayList<>();
    JsonNode w = by.get("window");
    if (w != null) {
      String size = w.get("size").asText();
      groups.add(functions.window(col(w.get("col").asText()), size, w.path("slide").asText(size), w.path("startOffset").asText("0 seconds")));
    }
    JsonNode s = by.get("sessionWindow");
    if (s != null) groups.add(functions.session_window(col(s.get("col").asText()), s.get("gap").asText()));
    for (JsonNode k : by.path("keys")) groups.add(col(k.asText()));
    List<Column> out = new ArrayList<>();
    aggs.fields().forEachRemaining(e -> {
      JsonNode a = e.getValue();
      String fn = a.get(0).asText();
      Column c = switch (fn) {
        case "count" -> functions.count(functions.lit(1));
        case "sum" -> functions.sum(col(a.get(1).asText()));
        case "min" -> functions.min(col(a.get(1).asText()));
        case "max" -> functions.max(col(a.get(1).asText()));
        case "avg" -> functions.avg(col(a.get(1).asText()));
        default -> throw new IllegalArgumentException("unknown aggregate " + fn);
      };
      out.add(c.as(e.getKey()));
    });
    Column first = out.get(0);
    return df.groupBy(groups.toArray(new Column[0])).agg(first, out.subList(1, out.size()).toArray(new Column[0]));
  }

  private Dataset<Row> join(Dataset<Row> left, JsonNode j) {
    Dataset<Row> right = j.has("static") ? staticTable(j.get("static").asText()) : pipeline(j.get("right"));
    Column cond = null;
    for (JsonNode pair : j.get("on")) {
      Column eq = left.col(pair.get(0).asText()).equalTo(right.col(pair.get(1).asText()));
      cond = cond == null ? eq : cond.and(eq);
    }
    JsonNode r = j.get("timeRange");
    if (r != null) {
      Column lt = left.col(r.get("leftTime").asText());
      Column rt = right.col(r.get("rightTime").asText());
      cond = cond.and(rt.geq(lt.plus(interval(r.get("min").asText())))).and(rt.leq(lt.plus(interval(r.get("max").asText()))));
    }
    String type = switch (j.path("type").asText("inner")) {
      case "inner" -> "inner";
      case "leftOuter" -> "left_outer";
      case "rightOuter" -> "right_outer";
      case "fullOuter" -> "full_outer";
      case "leftSemi" -> "left_semi";
      default -> throw new IllegalArgumentException("unknown join type " + j.get("type"));
    };
    return left.join(right, cond, type);
  }

  private static Column interval(String duration) {
    return expr("INTERVAL '" + duration.replace("'", "") + "'");
  }

  private static Column[] columns(JsonNode names) {
    List<Column> out = new ArrayList<>();
    for (JsonNode n : names) out.add(col(n.asText()));
    return out.toArray(new Column[0]);
  }

  private static String[] strings(JsonNode names) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : names) out.add(n.asText());
    return out.toArray(new String[0]);
  }

  private static Column[] sortColumns(JsonNode keys) {
    List<Column> out = new ArrayList<>();
    for (JsonNode k : keys) {
      Column c = col(k.get(0).asText());
      out.add(k.path(1).asText("asc").equals("desc") ? c.desc() : c.asc());
    }
    return out.toArray(new Column[0]);
  }

  /**
   * Output rows as JSON objects: timestamps (top level or inside a struct such as window and
   * session_window) as epoch ms, nulls kept.
   */
  static Dataset<Row> asJson(Dataset<Row> df) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : df.schema().fields()) cols.add(epochMs(col("`" + f.name() + "`"), f.dataType()).as(f.name()));
    return df.select(functions.to_json(functions.struct(cols.toArray(new Column[0]))).as("json"));
  }

  private static Column epochMs(Column c, DataType type) {
    if (type instanceof TimestampType) return functions.unix_millis(c);
    if (type instanceof StructType st) {
      List<Column> fields = new ArrayList<>();
      for (StructField f : st.fields()) fields.add(epochMs(c.getField(f.name()), f.dataType()).as(f.name()));
      return functions.when(c.isNull(), functions.lit(null)).otherwise(functions.struct(fields.toArray(new Column[0])));
    }
    return c;
  }
}
