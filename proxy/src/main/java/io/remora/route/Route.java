package io.remora.route;

import com.google.protobuf.Any;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One compiled route: what it matches, and what to do with a request that matches. */
public final class Route {
  /** Envoy's default route timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  enum PathKind {
    PREFIX,
    PATH,
    REGEX
  }

  private final String name;
  private final PathKind pathKind;
  private final String pathValue;
  private final StringMatch regex;
  private final boolean caseSensitive;
  private final List<HeaderMatch> headers;
  private final boolean grpcOnly;
  private final RouteAction action;
  private final VirtualHost virtualHost;
  private final Map<String, Any> perFilterConfig;

  Route(
      String name,
      PathKind pathKind,
      String pathValue,
      boolean caseSensitive,
      List<HeaderMatch> headers,
      boolean grpcOnly,
      RouteAction action,
      VirtualHost virtualHost,
      Map<String, Any> perFilterConfig) {
    this.name = name;
    this.pathKind = pathKind;
    this.caseSensitive = caseSensitive;
    String wire = pathKind == PathKind.REGEX ? pathValue : Ascii.wire(pathValue);
    this.pathValue = caseSensitive || pathKind == PathKind.REGEX ? wire : Ascii.toLowerCase(wire);
    this.regex = pathKind == PathKind.REGEX ? StringMatch.regex(pathValue) : null;
    this.headers = List.copyOf(headers);
    this.grpcOnly = grpcOnly;
    this.action = action;
    this.virtualHost = virtualHost;
    this.perFilterConfig = Map.copyOf(perFilterConfig);
  }

  public String name() {
    return name;
  }

  PathKind pathKind() {
    return pathKind;
  }

  /** The prefix or path to match (lower case when the match ignores case); the regex's text. */
  String pathValue() {
    return pathValue;
  }

  boolean caseSensitive() {
    return caseSensitive;
  }

  List<HeaderMatch> headerMatches() {
    return headers;
  }

  public RouteAction action() {
    return action;
  }

  public VirtualHost virtualHost() {
    return virtualHost;
  }

  /** The route's {@code typed_per_filter_config} for a filter name, else the virtual host's; or null. */
  public Any perFilterConfig(String filterName) {
    Any own = perFilterConfig.get(filterName);
    return own != null ? own : virtualHost.perFilterConfig(filterName);
  }

  /**
   * The request path with the route's matched part replaced by {@code prefix_rewrite}: for a
   * prefix route its prefix, for a path route the whole path (the query stays).
   */
  public String rewritePath(String uri, String rewrite) {
    return switch (pathKind) {
      case PREFIX -> rewrite + uri.substring(Math.min(pathValue.length(), uri.length()));
      case PATH -> {
        int query = uri.indexOf('?');
        yield query < 0 ? rewrite : rewrite + uri.substring(query);
      }
      case REGEX -> uri;
    };
  }

  boolean matches(HttpRequest request) {
    String uri = request.uri();
    switch (pathKind) {
      case PREFIX -> {
        if (!startsWith(uri, pathValue)) {
          return false;
        }
      }
      case PATH -> {
        String path = stripQuery(uri);
        if (path.length() != pathValue.length() || !startsWith(path, pathValue)) {
          return false;
        }
      }
      case REGEX -> {
        if (!regex.matches(stripQuery(uri))) {
          return false;
        }
      }
    }
    if (grpcOnly) {
      String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
      if (contentType == null || !contentType.startsWith("application/grpc")) {
        return false;
      }
    }
    for (int i = 0; i < headers.size(); i++) { // indexed: no iterator per request
      if (!headers.get(i).matches(request)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code subject} starts with {@code expected}; case folded for A-Z only, as Envoy does. */
  private boolean startsWith(String subject, String expected) {
    return caseSensitive ? subject.startsWith(expected) : Ascii.startsWithIgnoreCase(subject, expected);
  }

  static String stripQuery(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }
}
