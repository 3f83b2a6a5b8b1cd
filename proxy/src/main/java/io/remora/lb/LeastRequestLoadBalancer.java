package io.remora.lb;

import io.remora.cluster.Host;
import io.remora.cluster.HostSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code LEAST_REQUEST}: Envoy's power of two choices: sample {@code choice_count} hosts (default
 * 2) and take the one with the fewest active requests.
 */
public final class LeastRequestLoadBalancer implements LoadBalancer {
  private final int choiceCount;

  public LeastRequestLoadBalancer(int choiceCount) {
    this.choiceCount = Math.max(2, choiceCount);
  }

  @Override
  public Host choose(HostSet hosts) {
    List<Host> healthy = hosts.healthyHosts();
    int size = healthy.size();
    if (size == 0) {
      return null;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Host best = healthy.get(random.nextInt(size));
    for (int i = 1; i < choiceCount; i++) {
      Host candidate = healthy.get(random.nextInt(size));
      if (candidate.activeRequests() < best.activeRequests()) {
        best = candidate;
      }
    }
    return best;
  }
}
