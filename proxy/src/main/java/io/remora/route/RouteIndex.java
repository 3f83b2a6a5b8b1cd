package io.remora.route;

import io.netty.handler.codec.http.HttpRequest;
import java.util.Arrays;
import java.util.List;

/**
 * Finds a virtual host's first matching route without trying every route: prefix and exact
 * path routes sit in a character trie (one for case-sensitive paths, one for the others,
 * lower-cased), so a lookup walks the request path once and only tries the routes whose path
 * part already matched, plus the routes the trie cannot place (regular expressions). The answer
 * is the one a walk in config order gives: the lowest-numbered route that matches (Envoy's
 * rule); routes found at one trie node are tried in config order and the first match there
 * ends that node's share, since later ones cannot win.
 */
final class RouteIndex {
  private final Route[] routes;
  private final Node sensitive = new Node();
  private final Node insensitive = new Node();
  /** Routes tried for every request, ascending. */
  private final int[] always;

  RouteIndex(List<Route> routeList) {
    routes = routeList.toArray(new Route[0]);
    int[] other = new int[routes.length];
    int otherCount = 0;
    for (int i = 0; i < routes.length; i++) {
      Route route = routes[i];
      switch (route.pathKind()) {
        case PREFIX -> (route.caseSensitive() ? sensitive : insensitive).at(route.pathValue()).addPrefix(i);
        case PATH -> (route.caseSensitive() ? sensitive : insensitive).at(route.pathValue()).addExact(i);
        case REGEX -> other[otherCount++] = i;
      }
    }
    always = Arrays.copyOf(other, otherCount);
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
    best = tryInOrder(always, always.length, request, best);
    return best == Integer.MAX_VALUE ? null : routes[best];
  }

  private int walk(Node root, String uri, int pathLength, boolean lowerCase, HttpRequest request, int best) {
    Node node = root;
    for (int depth = 0; node != null; depth++) {
      best = tryInOrder(node.prefixes, node.prefixCount, request, best);
      if (depth == pathLength) {
        best = tryInOrder(node.exact, node.exactCount, request, best);
      }
      if (depth == uri.length()) {
        break;
      }
      char c = uri.charAt(depth);
      node = node.child(lowerCase && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return best;
  }

  private int tryInOrder(int[] candidates, int count, HttpRequest request, int best) {
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

  /** A trie node: the routes whose prefix (or exact path) ends here, and the next characters. */
  private static final class Node {
    private static final char[] NO_KEYS = {};
    private static final Node[] NO_CHILDREN = {};
    private static final int[] NO_ROUTES = {};

    private char[] keys = NO_KEYS;
    private Node[] children = NO_CHILDREN;
    private int[] prefixes = NO_ROUTES;
    private int prefixCount;
    private int[] exact = NO_ROUTES;
    private int exactCount;

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

    void addPrefix(int index) {
      if (prefixCount == prefixes.length) {
        prefixes = Arrays.copyOf(prefixes, Math.max(2, prefixCount * 2));
      }
      prefixes[prefixCount++] = index;
    }

    void addExact(int index) {
      if (exactCount == exact.length) {
        exact = Arrays.copyOf(exact, Math.max(2, exactCount * 2));
      }
      exact[exactCount++] = index;
    }
  }
}
