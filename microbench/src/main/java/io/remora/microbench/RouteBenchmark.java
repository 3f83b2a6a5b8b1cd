package io.remora.microbench;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.remora.config.ConfigLoader;
import io.remora.route.Route;
import io.remora.route.RouteTable;
import io.remora.route.VirtualHost;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Route lookup ({@link RouteTable#route}) on tables compiled from generated bootstraps: a
 * virtual host with {@code size} prefix routes, {@code size} virtual hosts, and one-route
 * tables with a header match and a {@code safe_regex}. Each benchmark checks once, at setup,
 * that its request lands on the intended route.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouteBenchmark {

  /** Tables whose size grows: route lookup should stay flat, except the prefix-list scan. */
  @State(Scope.Benchmark)
  public static class Sized {
    @Param({"1", "100", "10000"})
    public int size;

    RouteTable routes;
    RouteTable virtualHosts;
    HttpRequest firstRoute;
    HttpRequest lastRoute;
    HttpRequest exactDomain;
    HttpRequest wildcardDomain;
    HttpRequest fallbackDomain;

    @Setup
    public void setUp() throws Exception {
      ConfigLoader loader = ConfigLoader.create();
      // One virtual host "*" with routes /p0/, /p1/, ... tried in order.
      routes = Bootstraps.routeTable(loader, """
          - name: all
            domains: ["*"]
            routes:
          %s""".formatted(IntStream.range(0, size)
              .mapToObj(i -> "  - {name: p%d, match: {prefix: \"/p%d/\"}, route: {cluster: backend}}".formatted(i, i))
              .collect(Collectors.joining("\n"))));
      // Virtual hosts s<i>, each with an exact and a *.suffix domain, plus a "*" fallback.
      virtualHosts = Bootstraps.routeTable(loader, IntStream.range(0, size)
          .mapToObj(i -> """
              - name: s%d
                domains: ["s%d.example.com", "*.s%d.example.com"]
                routes: [{match: {prefix: "/"}, route: {cluster: backend}}]"""
              .formatted(i, i, i))
          .collect(Collectors.joining("\n")) + """

          - name: fallback
            domains: ["*"]
            routes: [{match: {prefix: "/"}, route: {cluster: backend}}]""");
      firstRoute = Requests.get("/p0/users/42", "api.example.com");
      lastRoute = Requests.get("/p" + (size - 1) + "/users/42", "api.example.com");
      String last = "s" + (size - 1);
      exactDomain = Requests.get("/", last + ".example.com");
      wildcardDomain = Requests.get("/", "api." + last + ".example.com");
      fallbackDomain = Requests.get("/", "unknown.example.org");
      expectRoute(routes, firstRoute, "p0");
      expectRoute(routes, lastRoute, "p" + (size - 1));
      expectVirtualHost(virtualHosts, exactDomain, last);
      expectVirtualHost(virtualHosts, wildcardDomain, last);
      expectVirtualHost(virtualHosts, fallbackDomain, "fallback");
    }
  }

  /** One-route tables for the matchers whose cost does not depend on table size. */
  @State(Scope.Benchmark)
  public static class Matchers {
    RouteTable header;
    RouteTable regex;
    HttpRequest headerRequest;
    HttpRequest regexRequest;

    @Setup
    public void setUp() throws Exception {
      ConfigLoader loader = ConfigLoader.create();
      header = Bootstraps.routeTable(loader, """
          - name: all
            domains: ["*"]
            routes:
            - name: blue
              match:
                prefix: "/"
                headers: [{name: x-tenant, string_match: {exact: blue}}]
              route: {cluster: backend}
          """);
      regex = Bootstraps.routeTable(loader, """
          - name: all
            domains: ["*"]
            routes:
            - name: orders
              match: {safe_regex: {regex: "/users/[0-9]+/orders(/[a-z0-9-]+)?"}}
              route: {cluster: backend}
          """);
      headerRequest = Requests.get("/users/42", "api.example.com");
      headerRequest.headers().set("x-tenant", "blue");
      regexRequest = Requests.get("/users/4242/orders/a1b2-c3?expand=items", "api.example.com");
      expectRoute(header, headerRequest, "blue");
      expectRoute(regex, regexRequest, "orders");
    }
  }

  @Benchmark
  public Route prefixFirst(Sized state) {
    return state.routes.route(state.firstRoute);
  }

  @Benchmark
  public Route prefixLast(Sized state) {
    return state.routes.route(state.lastRoute);
  }

  @Benchmark
  public VirtualHost domainExact(Sized state) {
    return state.virtualHosts.virtualHost(state.exactDomain.headers().get("host"));
  }

  @Benchmark
  public VirtualHost domainSuffix(Sized state) {
    return state.virtualHosts.virtualHost(state.wildcardDomain.headers().get("host"));
  }

  @Benchmark
  public VirtualHost domainFallback(Sized state) {
    return state.virtualHosts.virtualHost(state.fallbackDomain.headers().get("host"));
  }

  @Benchmark
  public Route headerMatch(Matchers state) {
    return state.header.route(state.headerRequest);
  }

  @Benchmark
  public Route safeRegex(Matchers state) {
    return state.regex.route(state.regexRequest);
  }

  private static void expectRoute(RouteTable table, HttpRequest request, String name) {
    Route route = table.route(request);
    if (route == null || !route.name().equals(name)) {
      throw new IllegalStateException(request.uri() + " routed to " + (route == null ? "nothing" : route.name())
          + ", expected " + name);
    }
  }

  private static void expectVirtualHost(RouteTable table, HttpRequest request, String name) {
    VirtualHost found = table.virtualHost(request.headers().get("host"));
    if (found == null || !found.name().equals(name)) {
      throw new IllegalStateException(request.headers().get("host") + " chose virtual host "
          + (found == null ? "none" : found.name()) + ", expected " + name);
    }
  }

  /** Requests as the HTTP/1 codec hands them over. */
  static final class Requests {
    private Requests() {}

    static HttpRequest get(String uri, String host) {
      HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
      request.headers().set("host", host);
      return request;
    }
  }
}
