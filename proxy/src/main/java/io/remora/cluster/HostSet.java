package io.remora.cluster;

import java.util.List;

/** An immutable snapshot of a cluster's hosts; a new one replaces it on each membership change. */
public record HostSet(List<Host> hosts) {
  public static final HostSet EMPTY = new HostSet(List.of());

  public HostSet {
    hosts = List.copyOf(hosts);
  }

  public List<Host> healthyHosts() {
    boolean allHealthy = true;
    for (Host host : hosts) {
      if (!host.healthy()) {
        allHealthy = false;
        break;
      }
    }
    return allHealthy ? hosts : hosts.stream().filter(Host::healthy).toList();
  }
}
