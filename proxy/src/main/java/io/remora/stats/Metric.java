package io.remora.stats;

/** A named stat: counter, gauge or histogram. */
public sealed interface Metric permits Counter, Gauge, Histogram {
  /** The full Envoy stat name, e.g. {@code cluster.local_service.upstream_rq_total}. */
  String name();
}
