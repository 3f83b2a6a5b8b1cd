package io.remora.filter.http.router;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.remora.config.ConfigException;
import io.remora.config.TypedConfigs;
import io.remora.config.Unsupported;
import io.remora.http.FilterFactoryContext;
import io.remora.http.HttpFilterConfigFactory;
import io.remora.http.HttpFilterFactory;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import io.remora.internal.TimeoutQueue;
import java.util.Set;

/** Registers the router under {@code envoy.filters.http.router}. */
public final class RouterFilterFactory implements HttpFilterConfigFactory {
  private static final String ROUTER = "envoy.extensions.filters.http.router.v3.Router";

  public static final String NAME = "envoy.filters.http.router";
  private static final Set<String> SUPPORTED = Set.of("dynamic_stats", "suppress_envoy_headers", "start_child_span");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String typeUrl() {
    return "type.googleapis.com/" + ROUTER;
  }

  @Override
  public HttpFilterFactory create(Any typedConfig, FilterFactoryContext context, String path) throws ConfigException {
    Router config;
    try {
      config = typedConfig.getTypeUrl().isEmpty() ? Router.getDefaultInstance() : TypedConfigs.unpack(typedConfig, ROUTER, Router.parser());
    } catch (InvalidProtocolBufferException bad) {
      throw new ConfigException(context.positions().error(path, "invalid router config: " + bad.getMessage()));
    }
    Unsupported.require(config, path + ".typed_config", "router", SUPPORTED, context.positions());
    RouterConfig routerConfig = new RouterConfig(
        context.clusterManager(), new RouterStats(context.httpScope()), config.getSuppressEnvoyHeaders(),
        new FastThreadLocal<>() {
          @Override
          protected TimeoutQueue initialValue() {
            return new TimeoutQueue((EventLoop) ThreadExecutorMap.currentExecutor());
          }
        });
    return () -> new RouterFilter(routerConfig);
  }

  /** The router's immutable, shared part. */
  record RouterConfig(
      io.remora.cluster.ClusterManager clusterManager,
      RouterStats stats,
      boolean suppressEnvoyHeaders,
      FastThreadLocal<TimeoutQueue> timeouts) {}
}
