package streamlab.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Runs every conformance case (cases/*.json) through real Apache Spark and writes
 * fixtures/&lt;case id&gt;.json with what Spark did per step. One JVM, one SparkSession.
 *
 * <p>Usage: Main &lt;casesDir&gt; &lt;fixturesDir&gt; [idSubstring]
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Path casesDir = Path.of(args[0]);
    Path fixturesDir = Path.of(args[1]);
    String filter = args.length > 2 ? args[2].trim() : "";
    Files.createDirectories(fixturesDir);

    List<Cases.Case> cases = Cases.load(casesDir);
    List<Cases.Case> selected = new ArrayList<>();
    for (Cases.Case c : cases) if (filter.isEmpty() || c.id().contains(filter)) selected.add(c);
    if (selected.isEmpty()) {
      System.err.println("no case id contains \"" + filter + "\"");
      System.exit(2);
    }

    long t0 = System.nanoTime();
    SparkSession spark = SparkSession.builder()
        .appName("streamlab-spark-conformance")
        .master("local[1]")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.jsonGenerator.ignoreNullFields", "false")
        .config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    System.out.printf("Spark %s started in %.1f s; %d case(s)%n", spark.version(), (System.nanoTime() - t0) / 1e9, selected.size());

    int failed = 0;
    for (Cases.Case c : selected) {
      long start = System.nanoTime();
      ObjectNode result;
      try {
        result = new CaseRunner(spark, c).run();
      } catch (Exception e) {
        failed++;
        System.out.printf("  %-48s ERROR %s%n", c.id(), e);
        e.printStackTrace();
        continue;
      }
      ObjectNode fixture = Json.MAPPER.createObjectNode();
      fixture.put("id", c.id());
      fixture.put("family", c.family());
      fixture.put("spark", spark.version());
      fixture.set("case", c.json());
      fixture.set("result", result);
      File out = fixturesDir.resolve(c.id() + ".json").toFile();
      Json.write(out, fixture);
      JsonNode rej = result.get("rejected");
      String what = rej != null ? "rejected: " + firstLine(rej.get("message").asText()) : result.get("steps").size() + " steps";
      System.out.printf("  %-48s %5.1f s  %s%n", c.id(), (System.nanoTime() - start) / 1e9, what);
    }
    spark.stop();
    System.out.printf("%d fixture(s) written to %s in %.0f s%s%n", selected.size() - failed, fixturesDir,
        (System.nanoTime() - t0) / 1e9, failed > 0 ? "; " + failed + " case(s) FAILED" : "");
    System.exit(failed > 0 ? 1 : 0);
  }

  private static String firstLine(String s) {
    int i = s.indexOf('\n');
    String line = i < 0 ? s : s.substring(0, i);
    return line.length() > 100 ? line.substring(0, 100) + "..." : line;
  }
}
