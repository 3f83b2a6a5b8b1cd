package io.remora.lb;

import io.remora.cluster.Host;
import io.remora.cluster.HostSet;
import java.util.List;
import java.util.PriorityQueue;

/**
 * {@code ROUND_ROBIN}: each host in turn. With unequal weights, earliest-deadline-first
 * scheduling as Envoy does: each host's next deadline advances by 1/weight, so over a cycle
 * every host gets exactly its share, interleaved; O(log n) per pick.
 */
public final class RoundRobinLoadBalancer implements LoadBalancer {
  private int next;
  private HostSet scheduledFor;
  private PriorityQueue<Entry> schedule;

  private record Entry(double deadline, int order, Host host) implements Comparable<Entry> {
    @Override
    public int compareTo(Entry other) {
      int byDeadline = Double.compare(deadline, other.deadline);
      return byDeadline != 0 ? byDeadline : Integer.compare(order, other.order);
    }
  }

  @Override
  public Host choose(HostSet hosts) {
    List<Host> healthy = hosts.healthyHosts();
    int size = healthy.size();
    if (size == 0) {
      return null;
    }
    if (size == 1) {
      return healthy.get(0);
    }
    if (hosts.healthyEqualWeights()) {
      int index = next++ % size;
      if (next < 0) {
        next = 0;
      }
      return healthy.get(index);
    }
    if (scheduledFor != hosts) {
      scheduledFor = hosts;
      schedule = new PriorityQueue<>(size);
      for (int i = 0; i < size; i++) {
        Host host = healthy.get(i);
        schedule.add(new Entry(1.0 / host.weight(), i, host));
      }
    }
    Entry first = schedule.poll();
    schedule.add(new Entry(first.deadline() + 1.0 / first.host().weight(), first.order(), first.host()));
    return first.host();
  }
}
