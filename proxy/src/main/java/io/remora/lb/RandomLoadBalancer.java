package io.remora.lb;

import io.remora.cluster.Host;
import io.remora.cluster.HostSet;
import java.util.concurrent.ThreadLocalRandom;

/** {@code RANDOM}: a host chosen at random, in proportion to its weight; O(log n). */
public final class RandomLoadBalancer implements LoadBalancer {
  @Override
  public Host choose(HostSet hosts) {
    long total = hosts.healthyTotalWeight();
    if (total == 0) {
      return null;
    }
    return hosts.healthyHostAtWeight(ThreadLocalRandom.current().nextLong(total));
  }
}
