package io.remora.config;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Small reads and builders over SnakeYAML nodes; built nodes carry the mark of their source. */
final class Nodes {
  private Nodes() {}

  /** {@code SOURCE:LINE:COLUMN}, 1-based, as config errors print a place. */
  static String place(String source, Mark mark) {
    return source + ':' + (mark.getLine() + 1) + ':' + (mark.getColumn() + 1);
  }

  @Nullable
  static NodeTuple entry(MappingNode mapping, String key) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (key.equals(text(tuple.getKeyNode()))) {
        return tuple;
      }
    }
    return null;
  }

  /** The text of a scalar, or null for anything else. */
  @Nullable
  static String text(Node node) {
    return node instanceof ScalarNode scalar ? scalar.getValue() : null;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  static ScalarNode scalar(String value, Node source) {
    return new ScalarNode(
        Tag.STR, value, source.getStartMark(), source.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
  }

  static MappingNode mapping(List<NodeTuple> entries, Node source) {
    return new MappingNode(
        Tag.MAP, true, new ArrayList<>(entries), source.getStartMark(), source.getEndMark(),
        DumperOptions.FlowStyle.BLOCK);
  }

  static SequenceNode sequence(List<Node> items, Node source) {
    return new SequenceNode(
        Tag.SEQ, true, new ArrayList<>(items), source.getStartMark(), source.getEndMark(),
        DumperOptions.FlowStyle.BLOCK);
  }

  /** A one-entry mapping {@code {key: value}} placed where {@code source} was. */
  static MappingNode single(String key, Node value, Node source) {
    return mapping(List.of(new NodeTuple(scalar(key, source), value)), source);
  }

  /** Replaces the entry {@code old} in place, keeping the order of the others. */
  static void replace(MappingNode mapping, NodeTuple old, NodeTuple replacement) {
    List<NodeTuple> entries = mapping.getValue();
    entries.set(entries.indexOf(old), replacement);
  }

  /** What a node is, for "expected X, got Y" messages. */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return "'" + text(node) + "'";
  }
}
