package io.remora.lb;

import io.remora.cluster.Host;
import io.remora.cluster.HostSet;

/**
 * Picks a host for a request. An instance belongs to one event loop (Envoy's per-worker load
 * balancer), so it keeps its cursor without synchronization. Picks are O(1) or O(log n).
 */
public interface LoadBalancer {
  /** A healthy host of {@code hosts}, or null when there is none. */
  Host choose(HostSet hosts);
}
