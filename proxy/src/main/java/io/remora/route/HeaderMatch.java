package io.remora.route;

import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/**
 * A compiled Envoy {@code HeaderMatcher}. Pseudo-headers {@code :path}, {@code :method} and
 * {@code :authority} read the request line and Host, as HTTP/1 has no such headers.
 */
public final class HeaderMatch {
  private final String name;
  private final StringMatch value; // null: presence only
  private final boolean presentMatch;
  private final boolean invert;
  private final long rangeStart;
  private final long rangeEnd;
  private final boolean range;

  private HeaderMatch(
      String name, StringMatch value, boolean presentMatch, boolean invert, boolean range, long start, long end) {
    this.name = name;
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

  private static HeaderMatch simple(String name, StringMatch value, boolean invert) {
    return new HeaderMatch(name, value, true, invert, false, 0, 0);
  }

  public boolean matches(HttpRequest request) {
    String actual = headerValue(request, name);
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

  /** A header's value as Envoy sees it: several values joined with ','. */
  static String headerValue(HttpRequest request, String name) {
    switch (name) {
      case ":path":
        return request.uri();
      case ":method":
        return request.method().name();
      case ":authority":
        return request.headers().get("host");
      case ":scheme":
        return "http";
      default:
        List<String> values = request.headers().getAll(name);
        if (values.isEmpty()) {
          return null;
        }
        return values.size() == 1 ? values.get(0) : String.join(",", values);
    }
  }
}
