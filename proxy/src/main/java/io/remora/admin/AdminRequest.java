package io.remora.admin;

import java.util.List;
import java.util.Map;

/** One admin request: its method, its path without the query, and its decoded query parameters. */
record AdminRequest(String method, String path, Map<String, List<String>> params) {
  AdminRequest {
    params = Map.copyOf(params);
  }

  boolean has(String name) {
    return params.containsKey(name);
  }

  /** The first value of {@code name}, or null; an empty value counts as absent, as in Envoy. */
  String param(String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }
}
