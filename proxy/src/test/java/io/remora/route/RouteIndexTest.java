package io.remora.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BoolValue;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.route.v3.DirectResponseAction;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.RouteMatch;
import io.envoyproxy.envoy.type.matcher.v3.RegexMatcher;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.remora.config.Positions;
import io.remora.http.HeaderMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The route index against the rule it must keep (the first route in config order whose path,
 * case and header conditions all hold), on many overlapping random routes and requests. The
 * expected answer comes from a plain model of those conditions, not from Remora's matchers.
 */
class RouteIndexTest {
  private static final String[] SEGMENTS = {"", "/", "/a", "/ab", "/A", "/b", "/a/b", "/api", "/api/v1", "/Api", "/x?"};

  /** What a generated route asks for, as the model sees it. */
  private record Spec(String kind, String value, boolean caseSensitive, String header) {
    boolean matches(String uri, String header) { // header: the request's x-h, or null
      String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
      boolean pathOk = switch (kind) {
        case "prefix" -> caseSensitive
            ? uri.startsWith(value)
            : uri.toLowerCase(Locale.ROOT).startsWith(value.toLowerCase(Locale.ROOT));
        case "path" -> caseSensitive ? path.equals(value) : path.equalsIgnoreCase(value);
        default -> Pattern.compile(value).matcher(path).matches();
      };
      boolean headerOk = switch (this.header) {
        case "none" -> true;
        case "prefix1" -> header != null && header.startsWith("1");
        default -> this.header.equals(header); // exact
      };
      return pathOk && headerOk;
    }
  }

  @Test
  void indexFindsTheSameRouteAsTryingThemInOrder() throws Exception {
    Random random = new Random(20261126);
    List<Spec> specs = new ArrayList<>();
    var virtualHost = io.envoyproxy.envoy.config.route.v3.VirtualHost.newBuilder().setName("vh").addDomains("*");
    for (int i = 0; i < 400; i++) {
      int pick = random.nextInt(100);
      String kind = pick < 60 ? "prefix" : pick < 85 ? "path" : "regex";
      String value = switch (kind) {
        case "regex" -> random.nextBoolean() ? "/a.*" : "/(api|b)/?[a-z0-9]*";
        default -> randomPath(random, false);
      };
      if (kind.equals("path") && value.isEmpty()) {
        value = "/";
      }
      boolean caseSensitive = random.nextInt(10) >= 3;
      String header = switch (random.nextInt(8)) {
        case 0 -> "1";
        case 1 -> "2";
        case 2 -> "prefix1";
        default -> "none";
      };
      specs.add(new Spec(kind, value, caseSensitive, header));
      RouteMatch.Builder match = RouteMatch.newBuilder();
      switch (kind) {
        case "prefix" -> match.setPrefix(value);
        case "path" -> match.setPath(value);
        default -> match.setSafeRegex(RegexMatcher.newBuilder().setRegex(value));
      }
      if (!caseSensitive) {
        match.setCaseSensitive(BoolValue.of(false));
      }
      switch (header) {
        case "none" -> { }
        case "prefix1" -> match.addHeaders(HeaderMatcher.newBuilder().setName("x-h").setPrefixMatch("1"));
        default -> match.addHeaders(HeaderMatcher.newBuilder().setName("X-H").setExactMatch(header));
      }
      virtualHost.addRoutes(io.envoyproxy.envoy.config.route.v3.Route.newBuilder()
          .setName("r" + i)
          .setMatch(match)
          .setDirectResponse(DirectResponseAction.newBuilder().setStatus(200)
              .setBody(DataSource.newBuilder().setInlineString("r" + i))));
    }
    RouteTable table = RouteTable.build(
        RouteConfiguration.newBuilder().addVirtualHosts(virtualHost).build(), "route_config", Positions.NONE, Set.of());

    int matched = 0;
    for (int n = 0; n < 5000; n++) {
      String uri = randomPath(random, true);
      if (!uri.startsWith("/")) {
        uri = "/" + uri;
      }
      String header = switch (random.nextInt(4)) {
        case 0 -> "1";
        case 1 -> "2";
        case 2 -> "12";
        default -> null;
      };
      String expected = null;
      for (int i = 0; i < specs.size(); i++) {
        if (specs.get(i).matches(uri, header)) {
          expected = "r" + i;
          break;
        }
      }
      HeaderMap headers = new HeaderMap();
      headers.add("host", "test");
      if (header != null) {
        headers.add("x-h", header);
      }
      HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, headers);
      Route route = table.route(request);
      assertThat(route == null ? null : route.name()).as("route for %s (x-h: %s)", uri, header).isEqualTo(expected);
      if (expected != null) {
        matched++;
      }
    }
    assertThat(matched).as("requests that matched some route").isGreaterThan(1000);
  }

  @Test
  void nonAsciiConfigTextMatchesTheRequestsUtf8BytesAndCaseFoldsAsciiOnly() throws Exception {
    var virtualHost = io.envoyproxy.envoy.config.route.v3.VirtualHost.newBuilder().setName("vh").addDomains("*")
        .addRoutes(route("by-header", RouteMatch.newBuilder().setPrefix("/")
            .addHeaders(HeaderMatcher.newBuilder().setName("x-name").setExactMatch("caf\u00e9"))))
        .addRoutes(route("folded", RouteMatch.newBuilder().setPrefix("/\u00e9").setCaseSensitive(BoolValue.of(false))))
        .addRoutes(route("ascii", RouteMatch.newBuilder().setPrefix("/ABC").setCaseSensitive(BoolValue.of(false))));
    RouteTable table = RouteTable.build(
        RouteConfiguration.newBuilder().addVirtualHosts(virtualHost).build(), "route_config", Positions.NONE, Set.of());
    // What the codec hands over for the UTF-8 bytes of "café": one char per byte.
    String utf8Bytes = new String("caf\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(nameOf(table, "/x", utf8Bytes)).isEqualTo("by-header");
    assertThat(nameOf(table, "/abc/d", null)).isEqualTo("ascii");
    // U+00C9 is not the upper case of U+00E9 for Envoy, which folds A-Z only.
    assertThat(nameOf(table, "/\u00c9", null)).isNull();
  }

  private static io.envoyproxy.envoy.config.route.v3.Route route(String name, RouteMatch.Builder match) {
    return io.envoyproxy.envoy.config.route.v3.Route.newBuilder().setName(name).setMatch(match)
        .setDirectResponse(DirectResponseAction.newBuilder().setStatus(200)).build();
  }

  private static String nameOf(RouteTable table, String uri, String xName) {
    HeaderMap headers = new HeaderMap();
    headers.add("host", "test");
    if (xName != null) {
      headers.add("x-name", xName);
    }
    Route route = table.route(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, headers));
    return route == null ? null : route.name();
  }

  private static String randomPath(Random random, boolean withQuery) {
    StringBuilder path = new StringBuilder();
    int parts = random.nextInt(4);
    for (int i = 0; i < parts; i++) {
      path.append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
    }
    if (withQuery && random.nextInt(4) == 0) {
      path.append("?q=").append(random.nextInt(3));
    }
    return path.toString();
  }
}
