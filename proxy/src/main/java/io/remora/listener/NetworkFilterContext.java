package io.remora.listener;

import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.remora.cluster.ClusterManager;
import io.remora.config.ConfigException;
import io.remora.config.Positions;
import io.remora.http.HttpFilterConfigFactory;
import io.remora.internal.ExtensionRegistry;
import io.remora.http.StreamInfo;
import io.remora.server.ServerState;
import io.remora.stats.Stats;
import java.util.function.Consumer;

/** What network filter factories may use while they build. */
public record NetworkFilterContext(
    ClusterManager clusterManager,
    Stats stats,
    Positions positions,
    ServerState serverState,
    ExtensionRegistry<HttpFilterConfigFactory> httpFilters,
    AccessLogFactory accessLogs) {

  /** Builds an access logger from its config. */
  @FunctionalInterface
  public interface AccessLogFactory {
    Consumer<StreamInfo> create(AccessLog config, String path) throws ConfigException;
  }
}
