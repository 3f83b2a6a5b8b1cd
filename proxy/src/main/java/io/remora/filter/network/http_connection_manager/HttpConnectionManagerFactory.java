package io.remora.filter.network.http_connection_manager;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.CodecType;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.ServerHeaderTransformation;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.netty.channel.Channel;
import io.remora.config.ConfigException;
import io.remora.config.Positions;
import io.remora.config.TypedConfigs;
import io.remora.config.Unsupported;
import io.remora.filter.http.router.RouterFilterFactory;
import io.remora.http.FilterFactoryContext;
import io.remora.http.HttpFilterConfigFactory;
import io.remora.http.HttpFilterFactory;
import io.remora.http.StreamInfo;
import io.remora.cluster.ClusterManager;
import io.remora.http.http1.EncodeScratch;
import io.remora.listener.NetworkFilterConfigFactory;
import io.remora.listener.NetworkFilterContext;
import io.remora.listener.NetworkFilterFactory;
import io.remora.route.RouteTable;
import io.remora.stats.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Registers the HTTP connection manager under {@code envoy.filters.network.http_connection_manager}:
 * compiles its routes and HTTP filters once, then installs the codec and the manager on each
 * connection.
 */
public final class HttpConnectionManagerFactory implements NetworkFilterConfigFactory {
  private static final String HTTP_CONNECTION_MANAGER = "envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager";

  public static final String NAME = "envoy.filters.network.http_connection_manager";
  /** Envoy's default {@code max_request_headers_kb}. */
  static final int DEFAULT_MAX_HEADERS_KB = 60;
  private static final Set<String> SUPPORTED = Set.of(
      "stat_prefix", "codec_type", "route_config", "http_filters", "server_name", "server_header_transformation",
      "access_log", "generate_request_id", "use_remote_address", "skip_xff_append", "max_request_headers_kb",
      "http_protocol_options");
  private static final Set<String> HTTP1_OPTIONS = Set.of("enable_trailers");
  private static final Set<String> FILTER_FIELDS = Set.of("name", "typed_config");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String typeUrl() {
    return "type.googleapis.com/" + HTTP_CONNECTION_MANAGER;
  }

  @Override
  public NetworkFilterFactory create(Any typedConfig, NetworkFilterContext context, String path)
      throws ConfigException {
    Positions positions = context.positions();
    String configPath = path + ".typed_config";
    io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager config;
    try {
      config = TypedConfigs.unpack(typedConfig, HTTP_CONNECTION_MANAGER,
          io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager.parser());
    } catch (InvalidProtocolBufferException bad) {
      throw new ConfigException(positions.error(path, "invalid http_connection_manager config: " + bad.getMessage()));
    }
    Unsupported.require(config, configPath, "http_connection_manager", SUPPORTED, positions);
    if (config.getStatPrefix().isEmpty()) {
      throw new ConfigException(positions.error(configPath, "http_connection_manager needs a 'stat_prefix'"));
    }
    if (config.getCodecType() != CodecType.AUTO && config.getCodecType() != CodecType.HTTP1) {
      throw new ConfigException(positions.error(configPath + ".codec_type",
          "codec_type " + config.getCodecType().name() + " is not supported by Remora yet (supported: AUTO, HTTP1)"));
    }
    if (!config.hasRouteConfig()) {
      throw new ConfigException(positions.error(configPath,
          "http_connection_manager needs a 'route_config' ('rds' is not supported by Remora yet)"));
    }
    RouteTable routes = RouteTable.build(config.getRouteConfig(), configPath + ".route_config", positions,
        context.clusterManager().names());
    Scope scope = context.stats().scope("http." + config.getStatPrefix());
    FilterFactoryContext filterContext = new FilterFactoryContext(
        context.clusterManager(), context.stats(), scope, positions, context.serverState());
    List<HttpFilterFactory> filters = new ArrayList<>();
    for (int i = 0; i < config.getHttpFiltersCount(); i++) {
      HttpFilter filter = config.getHttpFilters(i);
      String filterPath = configPath + ".http_filters[" + i + "]";
      Unsupported.require(filter, filterPath, "HTTP filter '" + filter.getName() + "'", FILTER_FIELDS, positions);
      HttpFilterConfigFactory factory = context.httpFilters().find(
          filter.getName(), filter.getTypedConfig().getTypeUrl(), filterPath, positions);
      boolean terminal = factory.name().equals(RouterFilterFactory.NAME);
      boolean last = i == config.getHttpFiltersCount() - 1;
      if (terminal != last) {
        throw new ConfigException(positions.error(filterPath, terminal
            ? "the router must be the last HTTP filter"
            : "the last HTTP filter must be the router (envoy.filters.http.router), not '" + filter.getName() + "'"));
      }
      filters.add(factory.create(filter.getTypedConfig(), filterContext, filterPath));
    }
    if (filters.isEmpty()) {
      throw new ConfigException(positions.error(configPath,
          "http_connection_manager needs 'http_filters' ending with envoy.filters.http.router"));
    }
    List<Consumer<StreamInfo>> accessLogs = new ArrayList<>();
    for (int i = 0; i < config.getAccessLogCount(); i++) {
      accessLogs.add(context.accessLogs().create(config.getAccessLog(i), configPath + ".access_log[" + i + "]"));
    }
    Unsupported.require(config.getHttpProtocolOptions(), configPath + ".http_protocol_options",
        "http_protocol_options", HTTP1_OPTIONS, positions);
    int maxHeadersKb = config.hasMaxRequestHeadersKb()
        ? config.getMaxRequestHeadersKb().getValue()
        : DEFAULT_MAX_HEADERS_KB;
    HcmConfig hcm = new HcmConfig(
        config.getStatPrefix(),
        new HcmStats(scope),
        routes,
        List.copyOf(filters),
        config.getServerName().isEmpty() ? "envoy"
            : RouteTable.headerSafe(config.getServerName(), configPath, "server_name", positions),
        serverHeader(config.getServerHeaderTransformation()),
        List.copyOf(accessLogs),
        !config.hasGenerateRequestId() || config.getGenerateRequestId().getValue(),
        config.hasUseRemoteAddress() && config.getUseRemoteAddress().getValue(),
        config.getSkipXffAppend(),
        maxHeadersKb * 1024,
        config.getHttpProtocolOptions().getEnableTrailers(),
        context.serverState());
    ClusterManager clusters = context.clusterManager();
    return channel -> install(channel, hcm, clusters.encodeScratch(channel.eventLoop()));
  }

  private static HcmConfig.ServerHeader serverHeader(ServerHeaderTransformation transformation) {
    return switch (transformation) {
      case APPEND_IF_ABSENT -> HcmConfig.ServerHeader.APPEND_IF_ABSENT;
      case PASS_THROUGH -> HcmConfig.ServerHeader.PASS_THROUGH;
      default -> HcmConfig.ServerHeader.OVERWRITE;
    };
  }

  private static void install(Channel channel, HcmConfig config, EncodeScratch scratch) {
    // Its codec lets go of each read buffer within the read: the loop's kept ones serve.
    scratch.keptBuffers().readInto(channel);
    channel.pipeline().addLast("hcm", new HttpConnectionManager(config, scratch)); // the codec is its own
  }
}
