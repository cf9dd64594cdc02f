package streamlab.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** JSON helpers (Jackson, as shipped with Spark): canonical rows and stable fixture files. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private Json() {}

  /** A row as a JSON object with its keys sorted (recursively), so rows compare as text. */
  static JsonNode canonical(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> sorted = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        sorted.put(e.getKey(), canonical(e.getValue()));
      }
      ObjectNode out = MAPPER.createObjectNode();
      sorted.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = MAPPER.createArrayNode();
      for (JsonNode n : node) out.add(canonical(n));
      return out;
    }
    return node;
  }

  static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("bad JSON from Spark: " + text, e);
    }
  }

  static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Rows sorted by their canonical text. */
  static ArrayNode sortedRows(List<JsonNode> rows) {
    List<String> texts = new ArrayList<>();
    for (JsonNode r : rows) texts.add(text(canonical(r)));
    texts.sort(null);
    ArrayNode out = MAPPER.createArrayNode();
    for (String t : texts) out.add(parse(t));
    return out;
  }

  /**
   * Pretty-printed with two-space indents, but each row (an object of scalars and small objects)
   * on one line, so fixtures stay short and diff well.
   */
  static void write(File file, JsonNode node) throws IOException {
    StringBuilder sb = new StringBuilder();
    print(node, sb, 0);
    sb.append('\n');
    Files.writeString(file.toPath(), sb.toString(), StandardCharsets.UTF_8);
  }

  /** Whether a short node fits on one line: not a list of several objects (rows: one per line). */
  private static boolean fitsOneLine(JsonNode n) {
    if (n.isArray() && n.size() > 1) for (JsonNode c : n) if (c.isObject()) return false;
    return inline(n).length() <= 110;
  }

  /** One line: `{"a": 1, "b": [1, 2]}`. */
  private static String inline(JsonNode n) {
    if (!n.isContainerNode()) return text(n);
    StringBuilder sb = new StringBuilder();
    if (n.isArray()) {
      sb.append('[');
      for (int i = 0; i < n.size(); i++) sb.append(i > 0 ? ", " : "").append(inline(n.get(i)));
      return sb.append(']').toString();
    }
    sb.append('{');
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    boolean first = true;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      sb.append(first ? "" : ", ").append(text(MAPPER.getNodeFactory().textNode(e.getKey()))).append(": ").append(inline(e.getValue()));
      first = false;
    }
    return sb.append('}').toString();
  }

  private static void print(JsonNode n, StringBuilder sb, int indent) {
    if (!n.isContainerNode() || n.isEmpty() || fitsOneLine(n)) {
      sb.append(inline(n));
      return;
    }
    String pad = "  ".repeat(indent + 1);
    if (n.isArray()) {
      sb.append("[\n");
      for (int i = 0; i < n.size(); i++) {
        sb.append(pad);
        print(n.get(i), sb, indent + 1);
        sb.append(i + 1 < n.size() ? ",\n" : "\n");
      }
      sb.append("  ".repeat(indent)).append(']');
    } else {
      sb.append("{\n");
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append(pad).append(text(MAPPER.getNodeFactory().textNode(e.getKey()))).append(": ");
        print(e.getValue(), sb, indent + 1);
        sb.append(it.hasNext() ? ",\n" : "\n");
      }
      sb.append("  ".repeat(indent)).append('}');
    }
  }
}
