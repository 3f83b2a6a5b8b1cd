package io.remora.config;

/**
 * A config the proxy cannot run. The message is for the user as it stands: it starts with
 * {@code FILE:LINE:COLUMN: } where the place is known, and says what was expected.
 */
public class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
