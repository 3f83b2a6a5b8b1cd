package io.remora.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A config the proxy cannot run. The message is for the user as it stands: it starts with
 * {@code FILE:LINE:COLUMN: } where the place is known, and says what was expected. When a load
 * finds several errors, the message has one line per error.
 */
public class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final List<String> errors;

  public ConfigException(String message) {
    super(message);
    this.errors = List.of(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
    this.errors = List.of(message);
  }

  private ConfigException(List<String> errors) {
    super(String.join("\n", errors));
    this.errors = List.copyOf(errors);
  }

  /**
   * One exception for several errors, each a line of its own, in the order they stand in the
   * file (errors without a place keep their order, after those with one); {@code errors} is
   * not empty.
   */
  public static ConfigException of(List<String> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("no errors");
    }
    List<String> sorted = new ArrayList<>(errors);
    sorted.sort(Comparator.comparingLong(ConfigException::place));
    return new ConfigException(sorted);
  }

  /** LINE * 2^20 + COLUMN from a {@code FILE:LINE:COLUMN: } prefix, or Long.MAX_VALUE. */
  private static long place(String error) {
    Matcher matcher = PLACE.matcher(error);
    if (!matcher.lookingAt()) {
      return Long.MAX_VALUE;
    }
    return (Long.parseLong(matcher.group(1)) << 20) + Long.parseLong(matcher.group(2));
  }

  private static final Pattern PLACE = Pattern.compile("[^\\n]*?:(\\d{1,9}):(\\d{1,9}): ");

  /** Every error found, one line each, in file order. */
  public List<String> errors() {
    return errors;
  }
}
