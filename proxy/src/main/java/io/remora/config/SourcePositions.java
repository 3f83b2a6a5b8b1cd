package io.remora.config;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;

/** Positions read from the YAML marks of a loaded file, keyed by v3 field path. */
final class SourcePositions implements Positions {
  private final String source;
  private final Map<String, Mark> marks;

  SourcePositions(String source, Map<String, Mark> marks) {
    this.source = source;
    this.marks = ImmutableMap.copyOf(marks);
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
