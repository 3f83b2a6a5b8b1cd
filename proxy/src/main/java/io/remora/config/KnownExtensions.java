package io.remora.config;

import static io.remora.config.Extensions.TYPE_URL_PREFIX;

import io.remora.config.Extensions.Extension;
import io.remora.config.Extensions.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The table behind {@link Extensions#envoy()}: names, type URLs and their v2 spellings. */
final class KnownExtensions {
  static final List<Extension> ALL = table();

  /** v2 API messages that moved in v3 and can appear in an {@code @type} on their own. */
  static final Map<String, String> V2_MESSAGE_RENAMES =
      Map.of(
          url("envoy.api.v2.Cluster"), url("envoy.config.cluster.v3.Cluster"),
          url("envoy.api.v2.Listener"), url("envoy.config.listener.v3.Listener"),
          url("envoy.api.v2.RouteConfiguration"), url("envoy.config.route.v3.RouteConfiguration"),
          url("envoy.api.v2.ClusterLoadAssignment"),
              url("envoy.config.endpoint.v3.ClusterLoadAssignment"),
          url("envoy.api.v2.auth.Secret"), url("envoy.extensions.transport_sockets.tls.v3.Secret"));

  private KnownExtensions() {}

  private static List<Extension> table() {
    List<Extension> table = new ArrayList<>();
    String listener = "envoy.extensions.filters.listener.";
    add(table, Kind.LISTENER_FILTER, "envoy.filters.listener.tls_inspector",
        listener + "tls_inspector.v3.TlsInspector", null, "envoy.listener.tls_inspector");
    add(table, Kind.LISTENER_FILTER, "envoy.filters.listener.http_inspector",
        listener + "http_inspector.v3.HttpInspector", null, "envoy.listener.http_inspector");
    add(table, Kind.LISTENER_FILTER, "envoy.filters.listener.original_dst",
        listener + "original_dst.v3.OriginalDst", null, "envoy.listener.original_dst");
    add(table, Kind.LISTENER_FILTER, "envoy.filters.listener.original_src",
        listener + "original_src.v3.OriginalSrc", null, "envoy.listener.original_src",
        "v2:envoy.config.filter.listener.original_src.v2alpha1.OriginalSrc");

    String network = "envoy.extensions.filters.network.";
    add(table, Kind.NETWORK_FILTER, "envoy.filters.network.http_connection_manager",
        network + "http_connection_manager.v3.HttpConnectionManager", null,
        "envoy.http_connection_manager",
        "v2:envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager");
    add(table, Kind.NETWORK_FILTER, "envoy.filters.network.tcp_proxy",
        network + "tcp_proxy.v3.TcpProxy", null, "envoy.tcp_proxy",
        "v2:envoy.config.filter.network.tcp_proxy.v2.TcpProxy");
    add(table, Kind.NETWORK_FILTER, "envoy.filters.network.echo", network + "echo.v3.Echo", null,
        "envoy.echo");
    add(table, Kind.NETWORK_FILTER, "envoy.filters.network.rbac", network + "rbac.v3.RBAC", null,
        "v2:envoy.config.filter.network.rbac.v2.RBAC");
    add(table, Kind.NETWORK_FILTER, "envoy.filters.network.ext_authz",
        network + "ext_authz.v3.ExtAuthz", null, "envoy.ext_authz",
        "v2:envoy.config.filter.network.ext_authz.v2.ExtAuthz");
    add(table, Kind.NETWORK_FILTER, "envoy.filters.network.ratelimit",
        network + "ratelimit.v3.RateLimit", null, "envoy.ratelimit",
        "v2:envoy.config.filter.network.rate_limit.v2.RateLimit");
    add(table, Kind.NETWORK_FILTER, "envoy.filters.network.redis_proxy",
        network + "redis_proxy.v3.RedisProxy", null, "envoy.redis_proxy",
        "v2:envoy.config.filter.network.redis_proxy.v2.RedisProxy");
    add(table, Kind.NETWORK_FILTER, "envoy.filters.network.local_ratelimit",
        network + "local_ratelimit.v3.LocalRateLimit", null);
    add(table, Kind.NETWORK_FILTER, "envoy.filters.network.sni_cluster",
        network + "sni_cluster.v3.SniCluster", null);

    String http = "envoy.extensions.filters.http.";
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.router", http + "router.v3.Router", null,
        "envoy.router", "v2:envoy.config.filter.http.router.v2.Router");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.cors", http + "cors.v3.Cors",
        http + "cors.v3.CorsPolicy", "envoy.cors", "v2:envoy.config.filter.http.cors.v2.Cors");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.csrf", http + "csrf.v3.CsrfPolicy",
        http + "csrf.v3.CsrfPolicy", "envoy.csrf", "v2:envoy.config.filter.http.csrf.v2.CsrfPolicy");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.health_check",
        http + "health_check.v3.HealthCheck", null, "envoy.health_check",
        "v2:envoy.config.filter.http.health_check.v2.HealthCheck");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.fault", http + "fault.v3.HTTPFault",
        http + "fault.v3.HTTPFault", "envoy.fault", "v2:envoy.config.filter.http.fault.v2.HTTPFault");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.buffer", http + "buffer.v3.Buffer",
        http + "buffer.v3.BufferPerRoute", "envoy.buffer",
        "v2:envoy.config.filter.http.buffer.v2.Buffer");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.lua", http + "lua.v3.Lua",
        http + "lua.v3.LuaPerRoute", "envoy.lua", "v2:envoy.config.filter.http.lua.v2.Lua");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.gzip", http + "gzip.v3.Gzip", null,
        "envoy.gzip", "v2:envoy.config.filter.http.gzip.v2.Gzip");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.compressor",
        http + "compressor.v3.Compressor", http + "compressor.v3.CompressorPerRoute");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.local_ratelimit",
        http + "local_ratelimit.v3.LocalRateLimit", http + "local_ratelimit.v3.LocalRateLimit");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.ratelimit", http + "ratelimit.v3.RateLimit",
        http + "ratelimit.v3.RateLimitPerRoute", "envoy.rate_limit",
        "v2:envoy.config.filter.http.rate_limit.v2.RateLimit");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.rbac", http + "rbac.v3.RBAC",
        http + "rbac.v3.RBACPerRoute", "v2:envoy.config.filter.http.rbac.v2.RBAC");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.ext_authz", http + "ext_authz.v3.ExtAuthz",
        http + "ext_authz.v3.ExtAuthzPerRoute", "envoy.ext_authz",
        "v2:envoy.config.filter.http.ext_authz.v2.ExtAuthz");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.grpc_web", http + "grpc_web.v3.GrpcWeb",
        null, "envoy.grpc_web", "v2:envoy.config.filter.http.grpc_web.v2.GrpcWeb");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.grpc_http1_bridge",
        http + "grpc_http1_bridge.v3.Config", null, "envoy.grpc_http1_bridge",
        "v2:envoy.config.filter.http.grpc_http1_bridge.v2.Config");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.grpc_json_transcoder",
        http + "grpc_json_transcoder.v3.GrpcJsonTranscoder", null, "envoy.grpc_json_transcoder",
        "v2:envoy.config.filter.http.transcoder.v2.GrpcJsonTranscoder");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.ip_tagging",
        http + "ip_tagging.v3.IPTagging", null, "envoy.ip_tagging",
        "v2:envoy.config.filter.http.ip_tagging.v2.IPTagging");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.header_to_metadata",
        http + "header_to_metadata.v3.Config", null,
        "v2:envoy.config.filter.http.header_to_metadata.v2.Config");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.jwt_authn",
        http + "jwt_authn.v3.JwtAuthentication", http + "jwt_authn.v3.PerRouteConfig",
        "v2:envoy.config.filter.http.jwt_authn.v2alpha.JwtAuthentication");
    add(table, Kind.HTTP_FILTER, "envoy.filters.http.dynamic_forward_proxy",
        http + "dynamic_forward_proxy.v3.FilterConfig", http + "dynamic_forward_proxy.v3.PerRouteConfig");

    String accessLoggers = "envoy.extensions.access_loggers.";
    add(table, Kind.ACCESS_LOGGER, "envoy.access_loggers.file",
        accessLoggers + "file.v3.FileAccessLog", null, "envoy.file_access_log",
        "v2:envoy.config.accesslog.v2.FileAccessLog");
    add(table, Kind.ACCESS_LOGGER, "envoy.access_loggers.stdout",
        accessLoggers + "stream.v3.StdoutAccessLog", null);
    add(table, Kind.ACCESS_LOGGER, "envoy.access_loggers.stderr",
        accessLoggers + "stream.v3.StderrAccessLog", null);
    add(table, Kind.ACCESS_LOGGER, "envoy.access_loggers.http_grpc",
        accessLoggers + "grpc.v3.HttpGrpcAccessLogConfig", null, "envoy.http_grpc_access_log",
        "v2:envoy.config.accesslog.v2.HttpGrpcAccessLogConfig");
    add(table, Kind.ACCESS_LOGGER, "envoy.access_loggers.tcp_grpc",
        accessLoggers + "grpc.v3.TcpGrpcAccessLogConfig", null, "envoy.tcp_grpc_access_log",
        "v2:envoy.config.accesslog.v2.TcpGrpcAccessLogConfig");

    String sockets = "envoy.extensions.transport_sockets.";
    add(table, Kind.UPSTREAM_TRANSPORT_SOCKET, "envoy.transport_sockets.tls",
        sockets + "tls.v3.UpstreamTlsContext", null, "tls",
        "v2:envoy.api.v2.auth.UpstreamTlsContext");
    add(table, Kind.UPSTREAM_TRANSPORT_SOCKET, "envoy.transport_sockets.raw_buffer",
        sockets + "raw_buffer.v3.RawBuffer", null, "raw_buffer");
    add(table, Kind.DOWNSTREAM_TRANSPORT_SOCKET, "envoy.transport_sockets.tls",
        sockets + "tls.v3.DownstreamTlsContext", null, "tls",
        "v2:envoy.api.v2.auth.DownstreamTlsContext");
    add(table, Kind.DOWNSTREAM_TRANSPORT_SOCKET, "envoy.transport_sockets.raw_buffer",
        sockets + "raw_buffer.v3.RawBuffer", null, "raw_buffer");

    add(table, Kind.COMPRESSOR_LIBRARY, "envoy.compression.gzip.compressor",
        "envoy.extensions.compression.gzip.compressor.v3.Gzip", null);
    add(table, Kind.PROTOCOL_OPTIONS, "envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
        "envoy.extensions.upstreams.http.v3.HttpProtocolOptions", null);
    return List.copyOf(table);
  }

  /** {@code aliases} are deprecated names, or v2 message names when prefixed with "v2:". */
  private static void add(
      List<Extension> table, Kind kind, String name, String type, String perRouteType,
      String... aliases) {
    List<String> deprecatedNames = new ArrayList<>();
    List<String> v2TypeUrls = new ArrayList<>();
    for (String alias : aliases) {
      if (alias.startsWith("v2:")) {
        v2TypeUrls.add(url(alias.substring(3)));
      } else {
        deprecatedNames.add(alias);
      }
    }
    table.add(new Extension(kind, name, url(type),
        perRouteType == null ? null : url(perRouteType), deprecatedNames, v2TypeUrls));
  }

  private static String url(String messageName) {
    return TYPE_URL_PREFIX + messageName;
  }
}
