package io.remora.route;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds a virtual host's first matching route without trying every route: prefix and exact
 * path routes sit in a character trie (one for case-sensitive paths, one for the others,
 * lower-cased), so a lookup walks the request path once and only tries the routes whose path
 * part already matched, plus the routes the trie cannot place (regular expressions); where
 * routes require a header to have one exact value, they are filed by that value (see
 * {@link Bucket}). The answer
 * is the one a walk in config order gives: the lowest-numbered route that matches (Envoy's
 * rule); routes found at one trie node are tried in config order and the first match there
 * ends that node's share, since later ones cannot win.
 */
final class RouteIndex {
  private final Route[] routes;
  private final Node sensitive = new Node();
  private final Node insensitive = new Node();
  /** Routes tried for every request (regular expressions). */
  private final Bucket always = new Bucket();

  RouteIndex(List<Route> routeList) {
    routes = routeList.toArray(new Route[0]);
    for (int i = 0; i < routes.length; i++) {
      Route route = routes[i];
      switch (route.pathKind()) {
        case PREFIX -> (route.caseSensitive() ? sensitive : insensitive).at(route.pathValue()).prefixes().add(i, route);
        case PATH -> (route.caseSensitive() ? sensitive : insensitive).at(route.pathValue()).exact().add(i, route);
        case REGEX -> always.add(i, route);
      }
    }
  }

  /** The first route (in config order) that matches, or null. */
  Route route(HttpRequest request) {
    String uri = request.uri();
    int pathLength = uri.indexOf('?');
    if (pathLength < 0) {
      pathLength = uri.length();
    }
    int best = Integer.MAX_VALUE;
    best = walk(sensitive, uri, pathLength, false, request, best);
    best = walk(insensitive, uri, pathLength, true, request, best);
    best = always.best(routes, request, best);
    return best == Integer.MAX_VALUE ? null : routes[best];
  }

  private int walk(Node root, String uri, int pathLength, boolean lowerCase, HttpRequest request, int best) {
    Node node = root;
    for (int depth = 0; node != null; depth++) {
      if (node.prefixes != null) {
        best = node.prefixes.best(routes, request, best);
      }
      if (depth == pathLength && node.exact != null) {
        best = node.exact.best(routes, request, best);
      }
      if (depth == uri.length()) {
        break;
      }
      char c = uri.charAt(depth);
      node = node.child(lowerCase && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return best;
  }

  /** Tries {@code candidates[0, count)} (ascending) for a match numbered below {@code best}. */
  private static int tryInOrder(Route[] routes, int[] candidates, int count, HttpRequest request, int best) {
    for (int i = 0; i < count; i++) {
      int index = candidates[i];
      if (index >= best) {
        return best;
      }
      if (routes[index].matches(request)) {
        return index;
      }
    }
    return best;
  }

  private static int[] append(int[] array, int count, int value) {
    int[] grown = count == array.length ? Arrays.copyOf(array, Math.max(2, count * 2)) : array;
    grown[count] = value;
    return grown;
  }

  /**
   * The routes found at one place (a trie node, or the always-tried list), in config order.
   * A route that requires a header to have one exact value (e.g. {@code x-version: v2}) is
   * filed under that value, so that thousands of header-matched routes cost one map lookup per
   * header name, not a try each.
   */
  private static final class Bucket {
    private static final int[] NONE = {};
    private static final AsciiString[] NO_NAMES = {};

    private int[] plain = NONE;
    private int plainCount;
    /** The headers routes here require an exact value of, and for each, value to routes. */
    private AsciiString[] headerNames = NO_NAMES;
    private Map<String, int[]>[] headerValues = newMaps(0);

    void add(int index, Route route) {
      for (HeaderMatch match : route.headerMatches()) {
        AsciiString header = match.exactKey();
        if (header != null) {
          Map<String, int[]> values = valuesOf(header);
          int[] list = values.getOrDefault(match.exactValue(), NONE);
          int[] grown = Arrays.copyOf(list, list.length + 1);
          grown[list.length] = index;
          values.put(match.exactValue(), grown);
          return;
        }
      }
      plain = append(plain, plainCount++, index);
    }

    private Map<String, int[]> valuesOf(AsciiString header) {
      for (int i = 0; i < headerNames.length; i++) {
        if (headerNames[i].equals(header)) {
          return headerValues[i];
        }
      }
      int added = headerNames.length;
      headerNames = Arrays.copyOf(headerNames, added + 1);
      headerValues = Arrays.copyOf(headerValues, added + 1);
      headerNames[added] = header;
      headerValues[added] = new HashMap<>();
      return headerValues[added];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, int[]>[] newMaps(int size) {
      return (Map<String, int[]>[]) new Map<?, ?>[size];
    }

    int best(Route[] routes, HttpRequest request, int best) {
      best = tryInOrder(routes, plain, plainCount, request, best);
      for (int i = 0; i < headerNames.length; i++) {
        String value = HeaderMatch.headerValue(request, headerNames[i]);
        int[] candidates = value == null ? null : headerValues[i].get(value);
        if (candidates != null) {
          best = tryInOrder(routes, candidates, candidates.length, request, best);
        }
      }
      return best;
    }
  }

  /** A trie node: the routes whose prefix (or exact path) ends here, and the next characters. */
  private static final class Node {
    private static final char[] NO_KEYS = {};
    private static final Node[] NO_CHILDREN = {};

    private char[] keys = NO_KEYS;
    private Node[] children = NO_CHILDREN;
    private Bucket prefixes;
    private Bucket exact;

    Bucket prefixes() {
      if (prefixes == null) {
        prefixes = new Bucket();
      }
      return prefixes;
    }

    Bucket exact() {
      if (exact == null) {
        exact = new Bucket();
      }
      return exact;
    }

    Node at(String path) {
      Node node = this;
      for (int i = 0; i < path.length(); i++) {
        char c = path.charAt(i);
        Node next = node.child(c);
        if (next == null) {
          next = new Node();
          node.keys = Arrays.copyOf(node.keys, node.keys.length + 1);
          node.children = Arrays.copyOf(node.children, node.children.length + 1);
          node.keys[node.keys.length - 1] = c;
          node.children[node.children.length - 1] = next;
        }
        node = next;
      }
      return node;
    }

    Node child(char c) {
      char[] k = keys;
      for (int i = 0; i < k.length; i++) {
        if (k[i] == c) {
          return children[i];
        }
      }
      return null;
    }
  }
}
