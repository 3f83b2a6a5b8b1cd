package io.remora.server;

import io.remora.internal.Transport;
import java.time.Duration;

/**
 * Command-line settings that shape the server (Envoy's own flags), and the socket transport
 * ({@code epoll}, {@code io_uring} or {@code nio}; from {@code -Dremora.transport} unless given).
 */
public record Options(
    int concurrency, String serviceNode, String serviceCluster, Duration drainTime, String transport) {

  public Options(int concurrency, String serviceNode, String serviceCluster, Duration drainTime) {
    this(concurrency, serviceNode, serviceCluster, drainTime, System.getProperty(Transport.PROPERTY, "epoll"));
  }

  public static Options defaults() {
    return new Options(Runtime.getRuntime().availableProcessors(), "", "", Duration.ofSeconds(5));
  }

  public Options withConcurrency(int value) {
    return new Options(value, serviceNode, serviceCluster, drainTime, transport);
  }

  public Options withTransport(String value) {
    return new Options(concurrency, serviceNode, serviceCluster, drainTime, value);
  }
}
