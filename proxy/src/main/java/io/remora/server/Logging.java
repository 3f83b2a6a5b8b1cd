package io.remora.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Log levels by Envoy's names (trace, debug, info, warning, error, critical, off), applied to
 * Remora's loggers at run time ({@code -l}, admin {@code /logging}).
 */
public final class Logging {
  /** Envoy's level names, in order. */
  public static final String[] LEVELS = {"trace", "debug", "info", "warning", "error", "critical", "off"};

  private Logging() {}

  /** Sets the level of every Remora logger; IllegalArgumentException names the valid levels. */
  public static void setLevel(String envoyLevel) {
    setLevel("io.remora", envoyLevel);
  }

  /** Sets one logger's level ({@code io.remora.cluster}, or a short name like {@code cluster}). */
  public static void setLevel(String logger, String envoyLevel) {
    Level level = toLogback(envoyLevel);
    String name = logger.startsWith("io.") || logger.equals("ROOT") ? logger : "io.remora." + logger;
    context().getLogger(name).setLevel(level);
  }

  /** Remora's loggers and their effective levels, in Envoy's words. */
  public static Map<String, String> levels() {
    Map<String, String> levels = new LinkedHashMap<>();
    for (ch.qos.logback.classic.Logger logger : context().getLoggerList()) {
      if (logger.getName().startsWith("io.remora")) {
        levels.put(logger.getName(), toEnvoy(logger.getEffectiveLevel()));
      }
    }
    return levels;
  }

  static Level toLogback(String envoyLevel) {
    return switch (envoyLevel.toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.TRACE;
      case "debug" -> Level.DEBUG;
      case "info" -> Level.INFO;
      case "warning", "warn" -> Level.WARN;
      case "error", "critical" -> Level.ERROR;
      case "off" -> Level.OFF;
      default -> throw new IllegalArgumentException(
          "unknown log level '" + envoyLevel + "' (valid: " + String.join(", ", LEVELS) + ")");
    };
  }

  static String toEnvoy(Level level) {
    if (level == Level.TRACE) {
      return "trace";
    } else if (level == Level.DEBUG) {
      return "debug";
    } else if (level == Level.INFO) {
      return "info";
    } else if (level == Level.WARN) {
      return "warning";
    } else if (level == Level.ERROR) {
      return "error";
    }
    return "off";
  }

  private static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }
}
