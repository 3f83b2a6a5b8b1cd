package io.remora.config;

import java.util.List;

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

  /** One exception for several errors, each a line of its own; {@code errors} is not empty. */
  public static ConfigException of(List<String> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("no errors");
    }
    return new ConfigException(errors);
  }

  /** Every error found, one line each, in the order found. */
  public List<String> errors() {
    return errors;
  }
}
