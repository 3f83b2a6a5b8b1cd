package io.remora.lb;

import io.remora.cluster.Host;
import java.util.List;

/**
 * Picks a host for a request. An instance belongs to one event loop (Envoy's per-worker load
 * balancer), so it keeps its cursor without synchronization.
 */
public interface LoadBalancer {
  /** A host from {@code healthy}, or null when the list is empty. */
  Host choose(List<Host> healthy);
}
