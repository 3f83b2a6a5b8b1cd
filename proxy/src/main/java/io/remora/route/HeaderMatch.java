package io.remora.route;

import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import io.remora.http.HeaderMap;
import java.util.Iterator;

/**
 * A compiled Envoy {@code HeaderMatcher}. Pseudo-headers {@code :path}, {@code :method} and
 * {@code :authority} read the request line and Host, as HTTP/1 has no such headers.
 */
public final class HeaderMatch {
  private final String name;
  /** The header map key: a cached AsciiString, or the pseudo-header name as a String. */
  private final CharSequence key;
  private final StringMatch value; // null: presence only
  private final boolean presentMatch;
  private final boolean invert;
  private final long rangeStart;
  private final long rangeEnd;
  private final boolean range;

  private HeaderMatch(
      String name, StringMatch value, boolean presentMatch, boolean invert, boolean range, long start, long end) {
    this.name = name;
    this.key = name.startsWith(":") ? name : AsciiString.cached(name.toLowerCase(java.util.Locale.ROOT));
    this.value = value;
    this.presentMatch = presentMatch;
    this.invert = invert;
    this.range = range;
    this.rangeStart = start;
    this.rangeEnd = end;
  }

  /** From the v3 message; IllegalArgumentException for what is not supported. */
  @SuppressWarnings("deprecation")
  public static HeaderMatch of(HeaderMatcher matcher) {
    String name = matcher.getName();
    boolean invert = matcher.getInvertMatch();
    return switch (matcher.getHeaderMatchSpecifierCase()) {
      case EXACT_MATCH -> simple(name, StringMatch.exact(matcher.getExactMatch()), invert);
      case SAFE_REGEX_MATCH -> simple(name, StringMatch.regex(matcher.getSafeRegexMatch().getRegex()), invert);
      case PREFIX_MATCH -> simple(name, StringMatch.prefix(matcher.getPrefixMatch()), invert);
      case SUFFIX_MATCH -> simple(name, StringMatch.suffix(matcher.getSuffixMatch()), invert);
      case CONTAINS_MATCH -> simple(name, StringMatch.contains(matcher.getContainsMatch()), invert);
      case STRING_MATCH -> simple(name, StringMatch.of(matcher.getStringMatch()), invert);
      case PRESENT_MATCH -> new HeaderMatch(name, null, matcher.getPresentMatch(), invert, false, 0, 0);
      case RANGE_MATCH -> new HeaderMatch(
          name, null, true, invert, true, matcher.getRangeMatch().getStart(), matcher.getRangeMatch().getEnd());
      // No specifier: Envoy treats it as "the header is present".
      case HEADERMATCHSPECIFIER_NOT_SET -> new HeaderMatch(name, null, true, invert, false, 0, 0);
    };
  }

  /**
   * For the route index: the header this matcher requires to have one exact value (a plain,
   * case-sensitive exact match of a real header), or null.
   */
  AsciiString exactKey() {
    return key instanceof AsciiString header && !invert && value != null && value.exactValue() != null
        ? header
        : null;
  }

  /** The exact value {@link #exactKey()} requires. */
  String exactValue() {
    return value.exactValue();
  }

  private static HeaderMatch simple(String name, StringMatch value, boolean invert) {
    return new HeaderMatch(name, value, true, invert, false, 0, 0);
  }

  public boolean matches(HttpRequest request) {
    String actual = headerValue(request, key);
    if (actual == null && (value != null || range)) {
      return false; // as in Envoy, a missing header fails a value or range matcher, inverted or not
    }
    return matchesValue(actual) != invert;
  }

  private boolean matchesValue(String actual) {
    if (value == null && !range) {
      return (actual != null) == presentMatch;
    }
    if (actual == null) {
      return false;
    }
    if (range) {
      try {
        long number = Long.parseLong(actual.trim());
        return number >= rangeStart && number < rangeEnd;
      } catch (NumberFormatException notANumber) {
        return false;
      }
    }
    return value.matches(actual);
  }

  /**
   * A header's value as Envoy sees it: several values joined with ','. {@code name} is a
   * cached {@link AsciiString} so that the header map does not hash it on every request.
   */
  static String headerValue(HttpRequest request, CharSequence name) {
    if (name instanceof String pseudo && pseudo.startsWith(":")) {
      return switch (pseudo) {
        case ":path" -> request.uri();
        case ":method" -> request.method().name();
        case ":authority" -> request.headers().get(HttpHeaderNames.HOST);
        case ":scheme" -> "http";
        default -> null;
      };
    }
    if (request.headers() instanceof HeaderMap map) {
      int first = map.indexOf(name, 0);
      if (first < 0) {
        return null;
      }
      int next = map.indexOf(name, first + 1);
      if (next < 0) {
        return map.valueAt(first).toString(); // one value: no list (a view or AsciiString keeps its String)
      }
      StringBuilder joined = new StringBuilder().append(map.valueAt(first));
      for (; next >= 0; next = map.indexOf(name, next + 1)) {
        joined.append(',').append(map.valueAt(next));
      }
      return joined.toString();
    }
    Iterator<String> values = request.headers().valueStringIterator(name);
    if (!values.hasNext()) {
      return null;
    }
    String first = values.next();
    if (!values.hasNext()) {
      return first;
    }
    StringBuilder joined = new StringBuilder(first);
    while (values.hasNext()) {
      joined.append(',').append(values.next());
    }
    return joined.toString();
  }
}
