package io.remora.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.IdentityHashMap;
import java.util.Collections;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/** Parses config text into a SnakeYAML node tree, whose nodes keep their line and column. */
final class YamlSource {
  private YamlSource() {}

  /** The root mapping of {@code text}; JSON is parsed as the YAML subset it is. */
  static MappingNode parse(String text, String source, boolean json) throws ConfigException {
    // JSON allows tabs between tokens, YAML does not; a tab inside a JSON string must be escaped,
    // so every raw tab is whitespace and one space keeps the columns.
    String input = json ? text.replace('\t', ' ') : text;
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Node root;
    try {
      // What Yaml.compose does, without a Yaml: its constructor, representer and dumper
      // options are for building Java objects and writing YAML, neither of which a node tree
      // needs (~3 ms of a start's CPU, their static regexes included).
      root = new Composer(new ParserImpl(new StreamReader(new java.io.StringReader(input)), options),
          new Resolver(), options).getSingleNode();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      String where = mark == null ? source : Nodes.place(source, mark);
      throw new ConfigException(where + ": YAML syntax error: " + oneLine(problem), e);
    } catch (YAMLException e) {
      throw new ConfigException(source + ": YAML syntax error: " + oneLine(e.getMessage()), e);
    }
    if (root == null || (root instanceof MappingNode mapping && mapping.getValue().isEmpty())) {
      throw new ConfigException(source + ":1:1: empty config: expected a bootstrap mapping");
    }
    if (!(root instanceof MappingNode mapping)) {
      throw new ConfigException(
          Nodes.place(source, root.getStartMark())
              + ": expected a bootstrap mapping at the top level, got " + Nodes.describe(root));
    }
    expandMerges(mapping, Collections.newSetFromMap(new IdentityHashMap<>()));
    return mapping;
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*\\n\\s*", " ").trim();
  }

  /** Applies YAML merge keys ({@code <<: *base}) in place: explicit keys win over merged ones. */
  private static void expandMerges(Node node, Set<Node> visited) {
    if (!visited.add(node)) {
      return;
    }
    if (node instanceof SequenceNode sequence) {
      sequence.getValue().forEach(item -> expandMerges(item, visited));
    } else if (node instanceof MappingNode mapping) {
      mapping.getValue().forEach(tuple -> expandMerges(tuple.getValueNode(), visited));
      Map<String, NodeTuple> merged = new LinkedHashMap<>();
      List<NodeTuple> explicit = new ArrayList<>();
      boolean hasMerge = false;
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode().getTag().equals(Tag.MERGE)) {
          hasMerge = true;
          Node value = tuple.getValueNode();
          List<Node> sources =
              value instanceof SequenceNode list ? list.getValue() : List.of(value);
          for (Node source : sources) {
            if (source instanceof MappingNode sourceMapping) {
              for (NodeTuple inherited : sourceMapping.getValue()) {
                merged.putIfAbsent(Nodes.text(inherited.getKeyNode()), inherited);
              }
            }
          }
        } else {
          explicit.add(tuple);
        }
      }
      if (hasMerge) {
        explicit.forEach(tuple -> merged.remove(Nodes.text(tuple.getKeyNode())));
        List<NodeTuple> entries = new ArrayList<>(explicit);
        entries.addAll(merged.values());
        mapping.setValue(entries);
      }
    }
  }
}
