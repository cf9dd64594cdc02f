package streamlab.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Loads cases/*.json: each file is one family, {"family": ..., "cases": [...]}. */
final class Cases {
  record Case(String id, String family, ObjectNode json) {}

  private Cases() {}

  static List<Case> load(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    List<Case> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Path f : files) {
      JsonNode root = Json.MAPPER.readTree(f.toFile());
      String family = root.path("family").asText(f.getFileName().toString().replace(".json", ""));
      for (JsonNode c : root.path("cases")) {
        String id = c.path("id").asText("");
        if (!id.matches("[a-z0-9][a-z0-9-]*")) throw new IllegalArgumentException(f + ": bad case id \"" + id + "\" (lowercase, digits, dashes)");
        if (!ids.add(id)) throw new IllegalArgumentException(f + ": duplicate case id " + id);
        out.add(new Case(id, family, (ObjectNode) c));
      }
    }
    return out;
  }
}
