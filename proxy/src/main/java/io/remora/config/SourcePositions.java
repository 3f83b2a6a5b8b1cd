package io.remora.config;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;

/**
 * Positions read from the YAML marks of a loaded file, and the fields each converted message
 * set, keyed by v3 field path.
 */
final class SourcePositions implements Positions {
  /** The fields set in the message at one path, and the message's type, to check a caller's. */
  record FieldsSet(String typeName, List<String> names) {}

  private final String source;
  private final Map<String, Mark> marks;
  private final Map<String, FieldsSet> fieldsSet;

  SourcePositions(String source, Map<String, Mark> marks, Map<String, FieldsSet> fieldsSet) {
    this.source = source;
    this.marks = ImmutableMap.copyOf(marks);
    this.fieldsSet = ImmutableMap.copyOf(fieldsSet);
  }

  @Override
  public Optional<List<String>> fieldsSet(String path, String typeName) {
    FieldsSet fields = fieldsSet.get(path);
    return fields != null && fields.typeName().equals(typeName)
        ? Optional.of(fields.names()) : Optional.empty();
  }

  @Override
  public String describe(String path) {
    String current = path == null ? "" : path;
    while (true) {
      Mark mark = marks.get(current);
      if (mark != null) {
        return Nodes.place(source, mark);
      }
      if (current.isEmpty()) {
        return "";
      }
      current = parent(current);
    }
  }

  /** {@code a.b[2]} to {@code a.b}, {@code a.b} to {@code a}, {@code a} to the root. */
  static String parent(String path) {
    if (path.endsWith("]")) {
      return path.substring(0, path.lastIndexOf('['));
    }
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf(']');
    if (dot < 0) {
      return bracket < 0 ? "" : path.substring(0, bracket + 1);
    }
    return dot > bracket ? path.substring(0, dot) : path.substring(0, bracket + 1);
  }
}
