package io.remora.route;

import com.google.protobuf.Any;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;
import java.util.Map;

/** A named group of domains and their routes, tried in order. */
public final class VirtualHost {
  private final String name;
  private final List<String> domains;
  private final List<Route> routes;
  private final Map<String, Any> perFilterConfig;
  /** Set once by {@link #index()} before the route table is published; null until then. */
  private RouteIndex index;

  VirtualHost(String name, List<String> domains, List<Route> routes, Map<String, Any> perFilterConfig) {
    this.name = name;
    this.domains = List.copyOf(domains);
    this.routes = routes; // filled by the builder before the table is published
    this.perFilterConfig = Map.copyOf(perFilterConfig);
  }

  public String name() {
    return name;
  }

  public List<String> domains() {
    return domains;
  }

  Any perFilterConfig(String filterName) {
    return perFilterConfig.get(filterName);
  }

  /** Builds the lookup index; called by the builder once the routes are all added. */
  void index() {
    index = new RouteIndex(routes);
  }

  /** The first route that matches, or null. */
  public Route route(HttpRequest request) {
    return index.route(request);
  }
}
