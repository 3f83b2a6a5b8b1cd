package io.remora.server;

import java.time.Duration;

/** Command-line settings that shape the server (Envoy's own flags). */
public record Options(
    int concurrency, String serviceNode, String serviceCluster, Duration drainTime) {

  public static Options defaults() {
    return new Options(Runtime.getRuntime().availableProcessors(), "", "", Duration.ofSeconds(5));
  }

  public Options withConcurrency(int value) {
    return new Options(value, serviceNode, serviceCluster, drainTime);
  }
}
