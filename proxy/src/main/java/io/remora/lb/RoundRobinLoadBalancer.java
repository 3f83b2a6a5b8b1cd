package io.remora.lb;

import io.remora.cluster.Host;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ROUND_ROBIN}: each host in turn; with unequal weights, smooth weighted round robin,
 * which gives each host exactly its share over a cycle and interleaves the picks.
 */
public final class RoundRobinLoadBalancer implements LoadBalancer {
  private int next;
  private List<Host> weightedFor;
  private final Map<Host, long[]> current = new IdentityHashMap<>();

  @Override
  public Host choose(List<Host> healthy) {
    int size = healthy.size();
    if (size == 0) {
      return null;
    }
    if (size == 1) {
      return healthy.get(0);
    }
    if (equalWeights(healthy)) {
      int index = next++ % size;
      if (next < 0) {
        next = 0;
      }
      return healthy.get(index);
    }
    return chooseWeighted(healthy);
  }

  private static boolean equalWeights(List<Host> hosts) {
    int first = hosts.get(0).weight();
    for (int i = 1; i < hosts.size(); i++) {
      if (hosts.get(i).weight() != first) {
        return false;
      }
    }
    return true;
  }

  private Host chooseWeighted(List<Host> hosts) {
    if (weightedFor != hosts) {
      weightedFor = hosts;
      current.clear();
    }
    long total = 0;
    Host best = null;
    long[] bestWeight = null;
    for (Host host : hosts) {
      long[] weight = current.computeIfAbsent(host, h -> new long[1]);
      weight[0] += host.weight();
      total += host.weight();
      if (bestWeight == null || weight[0] > bestWeight[0]) {
        best = host;
        bestWeight = weight;
      }
    }
    bestWeight[0] -= total;
    return best;
  }
}
