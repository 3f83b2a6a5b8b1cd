package io.remora.route;

import com.google.protobuf.Any;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.config.route.v3.WeightedCluster.ClusterWeight;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.remora.config.ConfigException;
import io.remora.config.Positions;
import io.remora.config.SetFields;
import io.remora.config.Unsupported;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A compiled {@code RouteConfiguration}: picks the virtual host for a Host header as Envoy does
 * (exact domains, then the longest {@code *suffix}, then the longest {@code prefix*}, then
 * {@code *}), then the first matching route. Immutable once built.
 */
public final class RouteTable {
  private final String name;
  private final Map<String, VirtualHost> exact;
  /** Wildcard domains grouped by the length of their fixed part, longest first (as Envoy). */
  private final WildcardDomains suffixes;
  private final WildcardDomains prefixes;
  private final VirtualHost fallback;
  /** Only a {@code *} virtual host (a sidecar's usual table): the Host header need not be read. */
  private final boolean fallbackOnly;

  private RouteTable(
      String name,
      Map<String, VirtualHost> exact,
      WildcardDomains suffixes,
      WildcardDomains prefixes,
      VirtualHost fallback) {
    this.name = name;
    this.exact = Map.copyOf(exact);
    this.suffixes = suffixes;
    this.prefixes = prefixes;
    this.fallback = fallback;
    this.fallbackOnly = exact.isEmpty() && suffixes.isEmpty() && prefixes.isEmpty();
  }

  public String name() {
    return name;
  }

  /** The route for a request, or null (404 NR). */
  public Route route(HttpRequest request) {
    // No String of the Host header (and no lower-casing) per request when it cannot matter.
    return route(request, fallbackOnly ? null : request.headers().get(HttpHeaderNames.HOST));
  }

  /**
   * The route for a request whose Host header is {@code authority} (null if none), or null:
   * for a caller that keeps its connection's last Host as a String instead of making one per
   * request. Not read when {@link #matchesAuthority} is false.
   */
  public Route route(HttpRequest request, String authority) {
    VirtualHost virtualHost = fallbackOnly ? fallback : virtualHost(authority);
    return virtualHost == null ? null : virtualHost.route(request);
  }

  /** Whether virtual hosts are told apart by the Host header (not when the only domain is {@code *}). */
  public boolean matchesAuthority() {
    return !fallbackOnly;
  }

  /** The virtual host for an authority (Host header, port included as Envoy matches it). */
  public VirtualHost virtualHost(String authority) {
    String host = authority == null ? "" : Ascii.toLowerCase(authority);
    VirtualHost found = exact.get(host);
    if (found != null) {
      return found;
    }
    found = suffixes.find(host, true);
    if (found != null) {
      return found;
    }
    found = prefixes.find(host, false);
    return found != null ? found : fallback;
  }

  private static final Set<String> ROUTE_CONFIG_FIELDS =
      Set.of("name", "virtual_hosts", "validate_clusters", "response_headers_to_add",
          "response_headers_to_remove", "request_headers_to_add", "request_headers_to_remove");
  private static final Set<String> VIRTUAL_HOST_FIELDS =
      Set.of("name", "domains", "routes", "typed_per_filter_config", "cors");
  private static final Set<String> ROUTE_FIELDS =
      Set.of("name", "match", "route", "redirect", "direct_response", "typed_per_filter_config", "decorator");
  private static final Set<String> MATCH_FIELDS =
      Set.of("prefix", "path", "safe_regex", "headers", "case_sensitive", "grpc");
  private static final Set<String> ACTION_FIELDS =
      Set.of("cluster", "weighted_clusters", "prefix_rewrite", "host_rewrite_literal",
          "auto_host_rewrite", "timeout");
  private static final Set<String> REDIRECT_FIELDS =
      Set.of("https_redirect", "scheme_redirect", "host_redirect", "port_redirect", "path_redirect",
          "response_code", "strip_query");

  /**
   * Compiles a route configuration. {@code clusters} is the set of known cluster names, checked
   * when {@code validate_clusters} is on (Envoy's default for static route configs).
   */
  public static RouteTable build(RouteConfiguration config, String path, Positions positions, Set<String> clusters)
      throws ConfigException {
    Unsupported.require(config, path, "route configuration", ROUTE_CONFIG_FIELDS, positions);
    boolean validateClusters = !config.hasValidateClusters() || config.getValidateClusters().getValue();
    Map<String, VirtualHost> exact = new HashMap<>();
    Map<String, VirtualHost> suffixes = new HashMap<>();
    Map<String, VirtualHost> prefixes = new HashMap<>();
    VirtualHost fallback = null;
    for (int v = 0; v < config.getVirtualHostsCount(); v++) {
      var vhConfig = config.getVirtualHosts(v);
      String vhPath = path + ".virtual_hosts[" + v + "]";
      Unsupported.require(vhConfig, vhPath, "virtual host '" + vhConfig.getName() + "'", VIRTUAL_HOST_FIELDS, positions);
      List<Route> routes = new ArrayList<>();
      VirtualHost virtualHost = new VirtualHost(vhConfig.getName(), vhConfig.getDomainsList(), routes,
          perFilterConfigs(vhConfig, vhPath, positions, vhConfig::getTypedPerFilterConfigMap));
      for (int r = 0; r < vhConfig.getRoutesCount(); r++) {
        routes.add(buildRoute(vhConfig.getRoutes(r), vhPath + ".routes[" + r + "]", positions, virtualHost,
            validateClusters ? clusters : null));
      }
      virtualHost.index();
      for (int d = 0; d < vhConfig.getDomainsCount(); d++) {
        String domain = vhConfig.getDomains(d).toLowerCase(Locale.ROOT);
        String domainPath = vhPath + ".domains[" + d + "]";
        Map<String, VirtualHost> target;
        String key;
        if (domain.equals("*")) {
          if (fallback != null) {
            throw new ConfigException(positions.error(domainPath,
                "only one virtual host in a route configuration may have the domain '*'"));
          }
          fallback = virtualHost;
          continue;
        } else if (domain.startsWith("*")) {
          target = suffixes;
          key = domain.substring(1);
        } else if (domain.endsWith("*")) {
          target = prefixes;
          key = domain.substring(0, domain.length() - 1);
        } else {
          target = exact;
          key = domain;
        }
        if (target.putIfAbsent(key, virtualHost) != null) {
          throw new ConfigException(positions.error(domainPath,
              "domain '" + vhConfig.getDomains(d) + "' appears in more than one virtual host; domains must be unique"));
        }
      }
    }
    return new RouteTable(config.getName(), exact, new WildcardDomains(suffixes), new WildcardDomains(prefixes),
        fallback);
  }

  /**
   * {@code *suffix} or {@code prefix*} domains by the length of their fixed part: a lookup tries
   * each distinct length, longest first, with one hash lookup each, so the cost grows with the
   * number of lengths, not of domains. The wildcard must match at least one character.
   */
  private static final class WildcardDomains {
    private final int[] lengths;
    private final List<Map<String, VirtualHost>> byLength;

    WildcardDomains(Map<String, VirtualHost> domains) {
      java.util.TreeMap<Integer, Map<String, VirtualHost>> grouped = new java.util.TreeMap<>(Comparator.reverseOrder());
      domains.forEach((fixed, virtualHost) ->
          grouped.computeIfAbsent(fixed.length(), length -> new HashMap<>()).put(fixed, virtualHost));
      this.lengths = grouped.keySet().stream().mapToInt(Integer::intValue).toArray();
      this.byLength = grouped.values().stream().map(Map::copyOf).toList();
    }

    boolean isEmpty() {
      return lengths.length == 0;
    }

    VirtualHost find(String host, boolean suffix) {
      for (int i = 0; i < lengths.length; i++) {
        int length = lengths[i];
        if (host.length() <= length) {
          continue;
        }
        String fixed = suffix ? host.substring(host.length() - length) : host.substring(0, length);
        VirtualHost found = byLength.get(i).get(fixed);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
  }

  private static void checkPrefixRewrite(
      io.envoyproxy.envoy.config.route.v3.Route config, String path, Positions positions) throws ConfigException {
    if (config.hasRoute() && !config.getRoute().getPrefixRewrite().isEmpty()
        && config.getMatch().getPathSpecifierCase() == RouteMatch.PathSpecifierCase.SAFE_REGEX) {
      throw new ConfigException(positions.error(path + ".route.prefix_rewrite",
          "prefix_rewrite needs a 'prefix' or 'path' match, not 'safe_regex'"));
    }
  }

  private static Route buildRoute(
      io.envoyproxy.envoy.config.route.v3.Route config,
      String path,
      Positions positions,
      VirtualHost virtualHost,
      Set<String> clusters)
      throws ConfigException {
    Unsupported.require(config, path, "route", ROUTE_FIELDS, positions);
    RouteMatch match = config.getMatch();
    Unsupported.require(match, path + ".match", "route match", MATCH_FIELDS, positions);
    Route.PathKind kind;
    String value;
    switch (match.getPathSpecifierCase()) {
      case PREFIX -> {
        kind = Route.PathKind.PREFIX;
        value = match.getPrefix();
      }
      case PATH -> {
        kind = Route.PathKind.PATH;
        value = match.getPath();
      }
      case SAFE_REGEX -> {
        kind = Route.PathKind.REGEX;
        value = match.getSafeRegex().getRegex();
        try {
          java.util.regex.Pattern.compile(value);
        } catch (java.util.regex.PatternSyntaxException bad) {
          throw new ConfigException(positions.error(path + ".match.safe_regex.regex",
              "invalid regex '" + value + "': " + bad.getDescription()));
        }
      }
      default -> throw new ConfigException(positions.error(path + ".match",
          "route match needs one of 'prefix', 'path' or 'safe_regex'"
              + (match.getPathSpecifierCase() == RouteMatch.PathSpecifierCase.PATHSPECIFIER_NOT_SET
                  ? "" : " ('" + match.getPathSpecifierCase().name().toLowerCase(Locale.ROOT)
                      + "' is not supported by Remora yet)")));
    }
    boolean caseSensitive = !match.hasCaseSensitive() || match.getCaseSensitive().getValue();
    List<HeaderMatch> headers = new ArrayList<>();
    for (int h = 0; h < match.getHeadersCount(); h++) {
      HeaderMatcher header = match.getHeaders(h);
      try {
        headers.add(HeaderMatch.of(header));
      } catch (IllegalArgumentException bad) {
        throw new ConfigException(positions.error(path + ".match.headers[" + h + "]", bad.getMessage()));
      }
    }
    checkPrefixRewrite(config, path, positions);
    RouteAction action = switch (config.getActionCase()) {
      case ROUTE -> forward(config.getRoute(), path + ".route", positions, clusters);
      case REDIRECT -> redirect(config.getRedirect(), path + ".redirect", positions);
      case DIRECT_RESPONSE -> directResponse(config.getDirectResponse(), path + ".direct_response", positions);
      default -> throw new ConfigException(positions.error(path,
          "route needs one of 'route', 'redirect' or 'direct_response'"
              + (config.getActionCase() == io.envoyproxy.envoy.config.route.v3.Route.ActionCase.ACTION_NOT_SET
                  ? "" : " ('" + config.getActionCase().name().toLowerCase(Locale.ROOT)
                      + "' is not supported by Remora yet)")));
    };
    Map<String, Any> perFilter = perFilterConfigs(config, path, positions, config::getTypedPerFilterConfigMap);
    return new Route(config.getName(), kind, value, caseSensitive, headers, match.hasGrpc(), action, virtualHost,
        perFilter);
  }

  /**
   * {@code typed_per_filter_config} of a virtual host or route; not read when the loader knows
   * it is unset, because reading even an empty map of a generated message builds the
   * descriptors of the route protos and everything they import (SetFields says more).
   */
  private static Map<String, Any> perFilterConfigs(
      com.google.protobuf.MessageOrBuilder config, String path, Positions positions, Supplier<Map<String, Any>> map) {
    return SetFields.knownUnset(config, path, "typed_per_filter_config", positions) ? Map.of() : map.get();
  }

  private static RouteAction forward(
      io.envoyproxy.envoy.config.route.v3.RouteAction config, String path, Positions positions, Set<String> clusters)
      throws ConfigException {
    Unsupported.require(config, path, "route action", ACTION_FIELDS, positions);
    List<RouteAction.WeightedCluster> targets = new ArrayList<>();
    switch (config.getClusterSpecifierCase()) {
      case CLUSTER -> {
        checkCluster(config.getCluster(), path + ".cluster", positions, clusters);
        targets.add(new RouteAction.WeightedCluster(config.getCluster(), 1));
      }
      case WEIGHTED_CLUSTERS -> {
        List<ClusterWeight> weights = config.getWeightedClusters().getClustersList();
        for (int i = 0; i < weights.size(); i++) {
          ClusterWeight weight = weights.get(i);
          String clusterPath = path + ".weighted_clusters.clusters[" + i + "]";
          checkCluster(weight.getName(), clusterPath + ".name", positions, clusters);
          if (weight.getWeight().getValue() > 0) {
            targets.add(new RouteAction.WeightedCluster(weight.getName(), weight.getWeight().getValue()));
          }
        }
        if (targets.isEmpty()) {
          throw new ConfigException(positions.error(path + ".weighted_clusters",
              "weighted_clusters needs at least one cluster with a weight above 0"));
        }
      }
      default -> throw new ConfigException(positions.error(path,
          "route action needs 'cluster' or 'weighted_clusters'"
              + (config.getClusterSpecifierCase()
                      == io.envoyproxy.envoy.config.route.v3.RouteAction.ClusterSpecifierCase.CLUSTERSPECIFIER_NOT_SET
                  ? "" : " ('" + config.getClusterSpecifierCase().name().toLowerCase(Locale.ROOT)
                      + "' is not supported by Remora yet)")));
    }
    long total = targets.stream().mapToLong(RouteAction.WeightedCluster::weight).sum();
    Duration timeout = config.hasTimeout()
        ? Duration.ofNanos(Durations.toNanos(config.getTimeout()))
        : Route.DEFAULT_TIMEOUT;
    return new RouteAction.Forward(
        List.copyOf(targets),
        total,
        timeout,
        headerSafe(config.getPrefixRewrite(), path, "prefix_rewrite", positions),
        headerSafe(config.getHostRewriteLiteral(), path, "host_rewrite_literal", positions),
        config.hasAutoHostRewrite() && config.getAutoHostRewrite().getValue());
  }

  /**
   * A config string that ends up in a request line or a header: null when empty; refused when
   * it holds CR, LF or NUL (it would split the message), as Envoy's field rules refuse it.
   */
  public static String headerSafe(String value, String path, String field, Positions positions)
      throws ConfigException {
    if (value.isEmpty()) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new ConfigException(positions.error(path + "." + field,
            "'" + field + "' must be a valid HTTP header value: it contains CR, LF or NUL"));
      }
    }
    return value;
  }

  private static void checkCluster(String cluster, String path, Positions positions, Set<String> clusters)
      throws ConfigException {
    if (clusters != null && !clusters.contains(cluster)) {
      throw new ConfigException(positions.error(path,
          "route refers to unknown cluster '" + cluster + "' (known clusters: "
              + String.join(", ", clusters.stream().sorted().toList()) + ")"));
    }
  }

  private static RouteAction redirect(RedirectAction config, String path, Positions positions) throws ConfigException {
    Unsupported.require(config, path, "redirect", REDIRECT_FIELDS, positions);
    String scheme = config.getHttpsRedirect() ? "https"
        : headerSafe(config.getSchemeRedirect(), path, "scheme_redirect", positions);
    int code = switch (config.getResponseCode()) {
      case FOUND -> 302;
      case SEE_OTHER -> 303;
      case TEMPORARY_REDIRECT -> 307;
      case PERMANENT_REDIRECT -> 308;
      default -> 301;
    };
    return new RouteAction.Redirect(
        scheme,
        headerSafe(config.getHostRedirect(), path, "host_redirect", positions),
        config.getPortRedirect(),
        headerSafe(config.getPathRedirect(), path, "path_redirect", positions),
        code,
        config.getStripQuery());
  }

  private static RouteAction directResponse(DirectResponseAction config, String path, Positions positions)
      throws ConfigException {
    int status = config.getStatus();
    if (status < 200 || status >= 600) {
      throw new ConfigException(positions.error(path + ".status",
          "direct_response status must be in [200, 600), got " + status));
    }
    String body = "";
    if (config.hasBody()) {
      var source = config.getBody();
      switch (source.getSpecifierCase()) {
        case INLINE_STRING -> body = source.getInlineString();
        case INLINE_BYTES -> body = source.getInlineBytes().toStringUtf8();
        case FILENAME -> {
          try {
            body = java.nio.file.Files.readString(java.nio.file.Path.of(source.getFilename()));
          } catch (java.io.IOException unreadable) {
            throw new ConfigException(positions.error(path + ".body.filename",
                "cannot read direct_response body file '" + source.getFilename() + "': " + unreadable.getMessage()));
          }
        }
        default -> throw new ConfigException(positions.error(path + ".body",
            "direct_response body needs inline_string, inline_bytes or filename"));
      }
    }
    return new RouteAction.DirectResponse(status, body);
  }
}
