package io.remora.route;

import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.Locale;
import java.util.regex.Pattern;

/** A compiled Envoy {@code StringMatcher} (exact, prefix, suffix, contains, safe_regex). */
public final class StringMatch {
  private enum Kind {
    EXACT,
    PREFIX,
    SUFFIX,
    CONTAINS,
    REGEX
  }

  private final Kind kind;
  private final String value;
  private final boolean ignoreCase;
  private final Pattern pattern;

  private StringMatch(Kind kind, String value, boolean ignoreCase) {
    this.kind = kind;
    this.ignoreCase = ignoreCase;
    String wire = kind == Kind.REGEX ? value : Ascii.wire(value);
    this.value = ignoreCase ? Ascii.toLowerCase(wire) : wire;
    // Envoy's safe_regex is RE2; the common subset is the same in java.util.regex, and RE2
    // matches the whole string, as Matcher.matches() does.
    this.pattern = kind == Kind.REGEX ? Pattern.compile(value) : null;
  }

  /** The value a request must equal exactly (case-sensitive), or null for any other kind of match. */
  String exactValue() {
    return kind == Kind.EXACT && !ignoreCase ? value : null;
  }

  public static StringMatch exact(String value) {
    return new StringMatch(Kind.EXACT, value, false);
  }

  public static StringMatch prefix(String value) {
    return new StringMatch(Kind.PREFIX, value, false);
  }

  public static StringMatch suffix(String value) {
    return new StringMatch(Kind.SUFFIX, value, false);
  }

  public static StringMatch contains(String value) {
    return new StringMatch(Kind.CONTAINS, value, false);
  }

  public static StringMatch regex(String regex) {
    return new StringMatch(Kind.REGEX, regex, false);
  }

  /** From the v3 message; throws IllegalArgumentException for a matcher kind not supported. */
  public static StringMatch of(StringMatcher matcher) {
    boolean ignoreCase = matcher.getIgnoreCase();
    return switch (matcher.getMatchPatternCase()) {
      case EXACT -> new StringMatch(Kind.EXACT, matcher.getExact(), ignoreCase);
      case PREFIX -> new StringMatch(Kind.PREFIX, matcher.getPrefix(), ignoreCase);
      case SUFFIX -> new StringMatch(Kind.SUFFIX, matcher.getSuffix(), ignoreCase);
      case CONTAINS -> new StringMatch(Kind.CONTAINS, matcher.getContains(), ignoreCase);
      case SAFE_REGEX -> new StringMatch(Kind.REGEX, matcher.getSafeRegex().getRegex(), false);
      default -> throw new IllegalArgumentException(
          "string matcher '" + matcher.getMatchPatternCase().name().toLowerCase(Locale.ROOT)
              + "' is not supported by Remora yet");
    };
  }

  public boolean matches(String input) {
    if (input == null) {
      return false;
    }
    String subject = ignoreCase ? Ascii.toLowerCase(input) : input;
    return switch (kind) {
      case EXACT -> subject.equals(value);
      case PREFIX -> subject.startsWith(value);
      case SUFFIX -> subject.endsWith(value);
      case CONTAINS -> subject.contains(value);
      case REGEX -> pattern.matcher(subject).matches();
    };
  }
}
