package io.remora.cluster;

import io.remora.lb.LeastRequestLoadBalancer;
import io.remora.lb.LoadBalancer;
import io.remora.lb.RandomLoadBalancer;
import io.remora.lb.RoundRobinLoadBalancer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A named group of upstream hosts: its settings (immutable) and its current host set
 * (replaced whole by discovery, read once per request).
 */
public final class Cluster {
  /** Cluster discovery types Remora implements. */
  public enum Type {
    STATIC,
    STRICT_DNS,
    LOGICAL_DNS
  }

  private final String name;
  private final Type type;
  private final Duration connectTimeout;
  private final String lbPolicy;
  private final Supplier<LoadBalancer> loadBalancers;
  private final int perConnectionBufferLimitBytes;
  private final ClusterStats stats;
  private final long addedAtMillis;
  private volatile HostSet hostSet = HostSet.EMPTY;

  Cluster(
      String name,
      Type type,
      Duration connectTimeout,
      String lbPolicy,
      int leastRequestChoices,
      int perConnectionBufferLimitBytes,
      ClusterStats stats,
      long addedAtMillis) {
    this.name = name;
    this.type = type;
    this.connectTimeout = connectTimeout;
    this.lbPolicy = lbPolicy;
    this.loadBalancers = switch (lbPolicy) {
      case "LEAST_REQUEST" -> () -> new LeastRequestLoadBalancer(leastRequestChoices);
      case "RANDOM" -> RandomLoadBalancer::new;
      default -> RoundRobinLoadBalancer::new;
    };
    this.perConnectionBufferLimitBytes = perConnectionBufferLimitBytes;
    this.stats = stats;
    this.addedAtMillis = addedAtMillis;
  }

  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public String lbPolicy() {
    return lbPolicy;
  }

  public int perConnectionBufferLimitBytes() {
    return perConnectionBufferLimitBytes;
  }

  public ClusterStats stats() {
    return stats;
  }

  public long addedAtMillis() {
    return addedAtMillis;
  }

  public HostSet hostSet() {
    return hostSet;
  }

  /** A fresh load balancer for one event loop. */
  public LoadBalancer newLoadBalancer() {
    return loadBalancers.get();
  }

  /**
   * Sets or clears a health flag of one of this cluster's hosts and publishes a new host set,
   * so that load balancers see the change.
   */
  public synchronized void setHostHealth(Host host, int flag, boolean failed) {
    host.setHealthFlag(flag, failed);
    HostSet next = hostSet.rebuilt();
    hostSet = next;
    stats.membershipHealthy.set(next.healthyHosts().size());
  }

  /** Publishes a new membership; keeps the Host objects (and their stats) of unchanged endpoints. */
  synchronized void updateHosts(HostSet fresh) {
    HostSet old = hostSet;
    java.util.Map<String, Host> byKey = new java.util.HashMap<>();
    for (Host host : old.hosts()) {
      byKey.put(host.addressString() + "/" + host.weight(), host);
    }
    java.util.List<Host> merged = new java.util.ArrayList<>();
    for (Host host : fresh.hosts()) {
      Host kept = byKey.get(host.addressString() + "/" + host.weight());
      merged.add(kept != null ? kept : host);
    }
    HostSet next = new HostSet(merged);
    boolean changed = !next.hosts().equals(old.hosts());
    hostSet = next;
    stats.updateSuccess.inc();
    if (changed) {
      stats.membershipChange.inc();
    }
    stats.membershipTotal.set(next.hosts().size());
    stats.membershipHealthy.set(next.healthyHosts().size());
  }
}
