package io.remora.admin;

import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.admin.v3.Certificates;
import io.envoyproxy.envoy.admin.v3.CommandLineOptions;
import io.envoyproxy.envoy.admin.v3.Memory;
import io.envoyproxy.envoy.admin.v3.ServerInfo;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.remora.server.Logging;
import io.remora.server.Server;
import java.time.Clock;

/**
 * The read-only server endpoints: {@code /ready}, {@code /server_info}, {@code /memory},
 * {@code /certs}, {@code /hot_restart_version} and {@code /runtime}.
 */
final class ServerInfoHandler {
  /** Remora's version in the slots of Envoy's {@code sha/version/status/build/ssl} string. */
  static final String VERSION = "remora/0.1.0/Clean/RELEASE/JDK";
  /** What Envoy reports when hot restart is off; Remora has no hot restart. */
  static final String HOT_RESTART_VERSION = "disabled";

  private final Server server;
  private final Clock clock;

  ServerInfoHandler(Server server, Clock clock) {
    this.server = server;
    this.clock = clock;
  }

  /** Envoy's {@code Utility::serverState}: failing health checks or draining reads as DRAINING. */
  ServerInfo.State state() {
    if (!server.serverStats().live() && !server.state().draining()) {
      return ServerInfo.State.PRE_INITIALIZING;
    }
    return server.state().healthCheckFailed() || server.state().draining()
        ? ServerInfo.State.DRAINING
        : ServerInfo.State.LIVE;
  }

  AdminResponse ready(AdminRequest request) {
    ServerInfo.State state = state();
    return AdminResponse.text(state == ServerInfo.State.LIVE ? 200 : 503, state.name() + "\n");
  }

  AdminResponse serverInfo(AdminRequest request) {
    long uptimeSeconds = Math.max(0, (clock.millis() - server.state().startTimeMillis()) / 1000);
    Node.Builder node = server.bootstrap().getNode().toBuilder()
        .setId(server.state().serviceNode())
        .setCluster(server.state().serviceCluster());
    CommandLineOptions options = CommandLineOptions.newBuilder()
        .setConcurrency(server.options().concurrency())
        .setLogLevel(Logging.levels().getOrDefault("io.remora", "info"))
        .setServiceNode(server.options().serviceNode())
        .setServiceCluster(server.options().serviceCluster())
        .setDrainTime(Durations.fromMillis(server.options().drainTime().toMillis()))
        .setMode(CommandLineOptions.Mode.Serve)
        .build();
    ServerInfo info = ServerInfo.newBuilder()
        .setVersion(VERSION)
        .setState(state())
        .setUptimeCurrentEpoch(Durations.fromSeconds(uptimeSeconds))
        .setUptimeAllEpochs(Durations.fromSeconds(uptimeSeconds))
        .setHotRestartVersion(HOT_RESTART_VERSION)
        .setCommandLineOptions(options)
        .setNode(node)
        .build();
    return AdminResponse.json(Json.print(info, true));
  }

  /** The JVM heap in Envoy's allocator terms: allocated is in use, heap_size is reserved. */
  AdminResponse memory(AdminRequest request) {
    Runtime runtime = Runtime.getRuntime();
    long total = runtime.totalMemory();
    long free = runtime.freeMemory();
    Memory memory = Memory.newBuilder()
        .setAllocated(total - free)
        .setHeapSize(total)
        .setPageheapFree(free)
        .setPageheapUnmapped(Math.max(0, runtime.maxMemory() - total))
        .setTotalPhysicalBytes(total)
        .build();
    return AdminResponse.json(Json.print(memory, true));
  }

  /** No TLS contexts in Remora yet, so no certificates. */
  AdminResponse certs(AdminRequest request) {
    return AdminResponse.json(Json.print(Certificates.getDefaultInstance(), true));
  }

  AdminResponse hotRestartVersion(AdminRequest request) {
    return AdminResponse.text(HOT_RESTART_VERSION);
  }

  /** Remora has no runtime layers: {@code layered_runtime} is accepted and holds nothing. */
  AdminResponse runtime(AdminRequest request) {
    return AdminResponse.json("{\n \"entries\": {},\n \"layers\": []\n}\n");
  }
}
