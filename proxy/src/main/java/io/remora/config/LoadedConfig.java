package io.remora.config;

import static java.util.Objects.requireNonNull;

import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.util.List;

/**
 * A bootstrap as loaded: the v3 messages, where each part came from, and the warnings the load
 * logged (v2 spellings translated, deprecated fields used).
 */
public record LoadedConfig(Bootstrap bootstrap, Positions positions, List<String> warnings) {
  public LoadedConfig {
    requireNonNull(bootstrap, "bootstrap");
    requireNonNull(positions, "positions");
    warnings = List.copyOf(warnings);
  }

  /** A config built in code: no positions, no warnings. */
  public LoadedConfig(Bootstrap bootstrap, Positions positions) {
    this(bootstrap, positions, List.of());
  }
}
