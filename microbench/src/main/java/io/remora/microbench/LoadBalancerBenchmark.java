package io.remora.microbench;

import io.remora.cluster.Host;
import io.remora.cluster.HostSet;
import io.remora.lb.LeastRequestLoadBalancer;
import io.remora.lb.LoadBalancer;
import io.remora.lb.RandomLoadBalancer;
import io.remora.lb.RoundRobinLoadBalancer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One host pick, as the router makes it: {@code loadBalancer.choose(hostSet)}
 * (what {@code ClusterManager.ClusterWorker.chooseHost} does), over all-healthy host sets of
 * growing size. A pick should cost the same at every size and allocate nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread) // a load balancer belongs to one event loop
public class LoadBalancerBenchmark {
  @Param({"1", "100", "1000"})
  public int hosts;

  private HostSet equal;
  private HostSet weighted;
  private final LoadBalancer roundRobinEqual = new RoundRobinLoadBalancer();
  private final LoadBalancer roundRobinWeighted = new RoundRobinLoadBalancer();
  private final LoadBalancer leastRequest = new LeastRequestLoadBalancer(2);
  private final LoadBalancer random = new RandomLoadBalancer();

  @Setup
  public void setUp() throws UnknownHostException {
    List<Host> equalHosts = new ArrayList<>();
    List<Host> weightedHosts = new ArrayList<>();
    for (int i = 0; i < hosts; i++) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), 8080);
      equalHosts.add(new Host(address, "", 1));
      weightedHosts.add(new Host(address, "", 1 + i % 3));
    }
    equal = new HostSet(equalHosts);
    weighted = new HostSet(weightedHosts);
  }

  @Benchmark
  public Host roundRobinEqual() {
    return roundRobinEqual.choose(equal);
  }

  @Benchmark
  public Host roundRobinWeighted() {
    return roundRobinWeighted.choose(weighted);
  }

  @Benchmark
  public Host leastRequest() {
    return leastRequest.choose(equal);
  }

  @Benchmark
  public Host random() {
    return random.choose(weighted);
  }

  /** The healthy-host list, precomputed per host set: a field read. */
  @Benchmark
  public List<Host> healthyHosts() {
    return equal.healthyHosts();
  }
}
