package io.remora.admin;

import com.google.protobuf.UInt32Value;
import io.envoyproxy.envoy.admin.v3.ClusterStatus;
import io.envoyproxy.envoy.admin.v3.Clusters;
import io.envoyproxy.envoy.admin.v3.HostHealthStatus;
import io.envoyproxy.envoy.admin.v3.HostStatus;
import io.envoyproxy.envoy.admin.v3.SimpleMetric;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.HealthStatus;
import io.envoyproxy.envoy.config.core.v3.Locality;
import io.envoyproxy.envoy.config.core.v3.RoutingPriority;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.remora.cluster.Addresses;
import io.remora.cluster.Cluster;
import io.remora.cluster.ClusterManager;
import io.remora.cluster.Host;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /clusters}: cluster settings and per-host counters, as Envoy's text lines or JSON. */
final class ClustersHandler {
  /** Envoy's circuit breaker defaults; Remora has no circuit breakers yet, so these are what it reports. */
  private static final int MAX_CONNECTIONS = 1024;
  private static final int MAX_PENDING_REQUESTS = 1024;
  private static final int MAX_REQUESTS = 1024;
  private static final int MAX_RETRIES = 3;

  private final ClusterManager clusters;

  ClustersHandler(ClusterManager clusters) {
    this.clusters = clusters;
  }

  AdminResponse clusters(AdminRequest request) {
    return "json".equals(request.param("format")) ? AdminResponse.json(json()) : AdminResponse.text(text());
  }

  /** A host's counters (Envoy's order), then its gauges. */
  private static Map<String, Long> counters(Host host) {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("cx_connect_fail", host.cxConnectFail());
    counters.put("cx_total", host.cxTotal());
    counters.put("rq_error", host.rqError());
    counters.put("rq_success", host.rqSuccess());
    counters.put("rq_timeout", host.rqTimeout());
    counters.put("rq_total", host.rqTotal());
    return counters;
  }

  private static Map<String, Long> gauges(Host host) {
    return Map.of("cx_active", host.cxActive(), "rq_active", host.activeRequests());
  }

  String text() {
    StringBuilder out = new StringBuilder();
    for (Cluster cluster : clusters.clusters()) {
      String name = cluster.name();
      for (String priority : new String[] {"default", "high"}) {
        String prefix = name + "::" + priority + "_priority::";
        out.append(prefix).append("max_connections::").append(MAX_CONNECTIONS).append('\n');
        out.append(prefix).append("max_pending_requests::").append(MAX_PENDING_REQUESTS).append('\n');
        out.append(prefix).append("max_requests::").append(MAX_REQUESTS).append('\n');
        out.append(prefix).append("max_retries::").append(MAX_RETRIES).append('\n');
      }
      out.append(name).append("::added_via_api::false\n");
      for (Host host : cluster.hostSet().hosts()) {
        String prefix = name + "::" + host.addressString() + "::";
        Map<String, Long> stats = new java.util.TreeMap<>(counters(host));
        stats.putAll(gauges(host));
        stats.forEach((stat, value) -> out.append(prefix).append(stat).append("::").append(value).append('\n'));
        out.append(prefix).append("hostname::").append(host.hostname()).append('\n');
        out.append(prefix).append("health_flags::").append(healthFlags(host)).append('\n');
        out.append(prefix).append("weight::").append(host.weight()).append('\n');
        out.append(prefix).append("region::\n");
        out.append(prefix).append("zone::\n");
        out.append(prefix).append("sub_zone::\n");
        out.append(prefix).append("canary::false\n");
        out.append(prefix).append("priority::0\n");
        out.append(prefix).append("success_rate::-1\n");
        out.append(prefix).append("local_origin_success_rate::-1\n");
      }
    }
    return out.toString();
  }

  /** Envoy's {@code HostUtility::healthFlagsToString}. */
  static String healthFlags(Host host) {
    if (host.healthy()) {
      return "healthy";
    }
    StringBuilder flags = new StringBuilder();
    if ((host.healthFlags() & Host.FAILED_ACTIVE_HEALTH_CHECK) != 0) {
      flags.append("/failed_active_hc");
    }
    if ((host.healthFlags() & Host.FAILED_OUTLIER_CHECK) != 0) {
      flags.append("/failed_outlier_check");
    }
    if ((host.healthFlags() & Host.FAILED_EDS_HEALTH) != 0) {
      flags.append("/failed_eds_health");
    }
    return flags.toString();
  }

  String json() {
    Clusters.Builder all = Clusters.newBuilder();
    for (Cluster cluster : clusters.clusters()) {
      ClusterStatus.Builder status = all.addClusterStatusesBuilder().setName(cluster.name());
      status.setCircuitBreakers(CircuitBreakers.newBuilder()
          .addThresholds(thresholds(RoutingPriority.DEFAULT))
          .addThresholds(thresholds(RoutingPriority.HIGH)));
      for (Host host : cluster.hostSet().hosts()) {
        HostStatus.Builder hostStatus = status.addHostStatusesBuilder()
            .setAddress(address(host.address()))
            .setHostname(host.hostname())
            .setLocality(Locality.getDefaultInstance())
            .setWeight(host.weight());
        counters(host).forEach((name, value) ->
            hostStatus.addStats(SimpleMetric.newBuilder().setName(name).setValue(value)));
        gauges(host).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(gauge ->
            hostStatus.addStats(SimpleMetric.newBuilder().setName(gauge.getKey()).setValue(gauge.getValue())
                .setType(SimpleMetric.Type.GAUGE)));
        int flags = host.healthFlags();
        hostStatus.setHealthStatus(HostHealthStatus.newBuilder()
            .setFailedActiveHealthCheck((flags & Host.FAILED_ACTIVE_HEALTH_CHECK) != 0)
            .setFailedOutlierCheck((flags & Host.FAILED_OUTLIER_CHECK) != 0)
            .setEdsHealthStatus((flags & Host.FAILED_EDS_HEALTH) != 0 ? HealthStatus.UNHEALTHY : HealthStatus.HEALTHY));
      }
    }
    return Json.print(all, false);
  }

  private static CircuitBreakers.Thresholds thresholds(RoutingPriority priority) {
    return CircuitBreakers.Thresholds.newBuilder()
        .setPriority(priority)
        .setMaxConnections(UInt32Value.of(MAX_CONNECTIONS))
        .setMaxPendingRequests(UInt32Value.of(MAX_PENDING_REQUESTS))
        .setMaxRequests(UInt32Value.of(MAX_REQUESTS))
        .setMaxRetries(UInt32Value.of(MAX_RETRIES))
        .build();
  }

  /** Envoy's {@code addressToProtobufAddress}: the IP as printed, without IPv6 brackets. */
  static Address address(InetSocketAddress address) {
    return Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
        .setAddress(Addresses.ip(address))
        .setPortValue(address.getPort())).build();
  }
}
