package io.remora.config;

import java.util.List;
import java.util.Optional;

/**
 * Where each part of a loaded config came from. Paths use the v3 field names after
 * translation, dot-separated with list indexes, descending into typed configs by field name:
 * {@code static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config}.
 */
public interface Positions {
  /** Positions for configs built in code: every place is unknown. */
  Positions NONE = path -> "";

  /**
   * {@code FILE:LINE:COLUMN} of the node at {@code path}, or of its nearest ancestor that has a
   * position, or the empty string if none is known. Never throws.
   */
  String describe(String path);

  /**
   * The names of the fields set, in field-number order, in the message of type {@code typeName}
   * at {@code path}, as the loader built it; empty when not known (configs built in code, or
   * changed after loading). Unsupported asks here first: the generated message could answer
   * only by serialising itself, and a generated message with a map field builds its file's
   * descriptors to do that, the start-up cost the loader's bundled descriptors avoid.
   */
  default Optional<List<String>> fieldsSet(String path, String typeName) {
    return Optional.empty();
  }

  /** {@code describe(path) + ": " + message}, or just the message when no place is known. */
  default String error(String path, String message) {
    String where = describe(path);
    return where.isEmpty() ? message : where + ": " + message;
  }
}
