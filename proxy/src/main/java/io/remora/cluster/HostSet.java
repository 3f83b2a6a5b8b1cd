package io.remora.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable snapshot of a cluster's hosts, with what load balancers need precomputed (the
 * healthy hosts, whether their weights are equal, cumulative weights), so that a pick never
 * scans the hosts. A membership or health change publishes a new snapshot.
 */
public final class HostSet {
  public static final HostSet EMPTY = new HostSet(List.of());

  private final List<Host> hosts;
  private final List<Host> healthy;
  private final boolean healthyEqualWeights;
  private final long[] healthyCumulativeWeights;

  public HostSet(List<Host> hosts) {
    this.hosts = List.copyOf(hosts);
    List<Host> up = new ArrayList<>(hosts.size());
    for (Host host : hosts) {
      if (host.healthy()) {
        up.add(host);
      }
    }
    this.healthy = List.copyOf(up);
    long[] cumulative = new long[healthy.size()];
    long total = 0;
    boolean equal = true;
    for (int i = 0; i < healthy.size(); i++) {
      total += healthy.get(i).weight();
      cumulative[i] = total;
      equal &= healthy.get(i).weight() == healthy.get(0).weight();
    }
    this.healthyEqualWeights = equal;
    this.healthyCumulativeWeights = cumulative;
  }

  public List<Host> hosts() {
    return hosts;
  }

  /** The hosts that were healthy when this snapshot was made. */
  public List<Host> healthyHosts() {
    return healthy;
  }

  /** True when every healthy host has the same weight (plain rotation suffices). */
  public boolean healthyEqualWeights() {
    return healthyEqualWeights;
  }

  /** Sum of the healthy hosts' weights. */
  public long healthyTotalWeight() {
    return healthyCumulativeWeights.length == 0 ? 0 : healthyCumulativeWeights[healthyCumulativeWeights.length - 1];
  }

  /** The healthy host whose weight range holds {@code point} in [0, total): O(log n). */
  public Host healthyHostAtWeight(long point) {
    int low = 0;
    int high = healthyCumulativeWeights.length - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (healthyCumulativeWeights[middle] > point) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return healthy.get(low);
  }

  /** A fresh snapshot of the same hosts, for after a health change. */
  public HostSet rebuilt() {
    return new HostSet(hosts);
  }
}
