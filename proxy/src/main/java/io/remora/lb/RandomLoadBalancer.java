package io.remora.lb;

import io.remora.cluster.Host;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code RANDOM}: a host chosen at random, in proportion to its weight. */
public final class RandomLoadBalancer implements LoadBalancer {
  @Override
  public Host choose(List<Host> healthy) {
    int size = healthy.size();
    if (size == 0) {
      return null;
    }
    long total = 0;
    for (Host host : healthy) {
      total += host.weight();
    }
    long point = ThreadLocalRandom.current().nextLong(total);
    for (Host host : healthy) {
      point -= host.weight();
      if (point < 0) {
        return host;
      }
    }
    return healthy.get(size - 1);
  }
}
