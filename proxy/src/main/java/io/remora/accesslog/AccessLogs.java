package io.remora.accesslog;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StderrAccessLog;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.remora.config.ConfigException;
import io.remora.config.Positions;
import io.remora.config.TypedConfigs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds access logs from Envoy's {@code access_log} entries: the logger is found by the type URL
 * of its {@code typed_config} first and by its name second, as Envoy does.
 */
public final class AccessLogs {
  public static final String FILE_NAME = "envoy.access_loggers.file";
  public static final String STDOUT_NAME = "envoy.access_loggers.stdout";
  public static final String STDERR_NAME = "envoy.access_loggers.stderr";

  private static final String TYPE_URL_PREFIX = "type.googleapis.com/";

  /** Turns one logger's typed config into an access log. */
  @FunctionalInterface
  private interface Factory {
    AccessLog create(Any typedConfig, AccessLogWriters writers) throws ConfigException;
  }

  /**
   * A logger type: its Envoy name, the full name of its config message, and how to build it.
   * Names are written out rather than asked of the generated classes: that would build their
   * descriptors (with every file they import) at start-up, whether or not a config logs.
   */
  private record LoggerType(String name, String configType, Factory factory) {
    String typeUrl() {
      return TYPE_URL_PREFIX + configType;
    }
  }

  private static final String FILE_TYPE = "envoy.extensions.access_loggers.file.v3.FileAccessLog";
  private static final String STDOUT_TYPE = "envoy.extensions.access_loggers.stream.v3.StdoutAccessLog";
  private static final String STDERR_TYPE = "envoy.extensions.access_loggers.stream.v3.StderrAccessLog";

  private static final List<LoggerType> TYPES =
      List.of(
          new LoggerType(FILE_NAME, FILE_TYPE, AccessLogs::file),
          new LoggerType(
              STDOUT_NAME,
              STDOUT_TYPE,
              (any, writers) ->
                  FileAccessLog.of(
                      "/dev/stdout",
                      AccessLogFormatter.of(
                          unpack(any, STDOUT_TYPE, StdoutAccessLog.parser()).getLogFormat()),
                      writers)),
          new LoggerType(
              STDERR_NAME,
              STDERR_TYPE,
              (any, writers) ->
                  FileAccessLog.of(
                      "/dev/stderr",
                      AccessLogFormatter.of(
                          unpack(any, STDERR_TYPE, StderrAccessLog.parser()).getLogFormat()),
                      writers)));

  /** Type URLs first, then names; Envoy's pre-1.14 name of the file logger too. */
  private static final Map<String, LoggerType> REGISTRY = registry();

  private AccessLogs() {}

  private static Map<String, LoggerType> registry() {
    Map<String, LoggerType> registry = new LinkedHashMap<>();
    for (LoggerType type : TYPES) {
      registry.put(type.typeUrl(), type);
    }
    for (LoggerType type : TYPES) {
      registry.put(type.name(), type);
    }
    registry.put("envoy.file_access_log", TYPES.get(0));
    return Map.copyOf(registry);
  }

  /** The access log that {@code config} describes, for a config built in code. */
  public static AccessLog create(
      io.envoyproxy.envoy.config.accesslog.v3.AccessLog config, AccessLogWriters writers)
      throws ConfigException {
    return create(config, writers, Positions.NONE, "access_log");
  }

  /**
   * The access log that {@code config} describes, writing through {@code writers}. Errors name
   * the place of {@code fieldPath} (the entry's path in the config, e.g. {@code
   * static_resources.listeners[0]...access_log[0]}).
   */
  public static AccessLog create(
      io.envoyproxy.envoy.config.accesslog.v3.AccessLog config,
      AccessLogWriters writers,
      Positions positions,
      String fieldPath)
      throws ConfigException {
    requireNonNull(config, "config");
    requireNonNull(writers, "writers");
    requireNonNull(positions, "positions");
    if (config.hasFilter()) {
      throw new ConfigException(
          positions.error(
              fieldPath + ".filter",
              "access log filter '"
                  + filterName(config.getFilter())
                  + "' is not supported by Remora yet"));
    }
    LoggerType type;
    Any typedConfig;
    if (config.hasTypedConfig()) {
      typedConfig = config.getTypedConfig();
      type = REGISTRY.get(typedConfig.getTypeUrl());
      if (type == null) {
        throw unknownLogger(
            positions, fieldPath + ".typed_config", "type '" + typedConfig.getTypeUrl() + "'");
      }
    } else {
      type = REGISTRY.get(config.getName());
      if (type == null) {
        throw unknownLogger(positions, fieldPath + ".name", "'" + config.getName() + "'");
      }
      typedConfig = Any.newBuilder().setTypeUrl(type.typeUrl()).build(); // the default config
    }
    try {
      return type.factory().create(typedConfig, writers);
    } catch (ConfigException e) {
      throw new ConfigException(positions.error(fieldPath + ".typed_config", e.getMessage()), e);
    }
  }

  /** Every entry of an {@code access_log} list, as one access log. */
  public static AccessLog createAll(
      List<io.envoyproxy.envoy.config.accesslog.v3.AccessLog> configs,
      AccessLogWriters writers,
      Positions positions,
      String fieldPath)
      throws ConfigException {
    List<AccessLog> logs = new ArrayList<>(configs.size());
    for (int i = 0; i < configs.size(); i++) {
      logs.add(create(configs.get(i), writers, positions, fieldPath + "[" + i + "]"));
    }
    return AccessLog.all(logs);
  }

  /**
   * The admin server's log, from the bootstrap's {@code admin.access_log_path}: a plain file path
   * with Envoy's default format; empty or {@code /dev/null} logs nothing.
   */
  public static AccessLog admin(String accessLogPath, AccessLogWriters writers)
      throws ConfigException {
    if (accessLogPath == null || accessLogPath.isEmpty()) {
      return AccessLog.NONE;
    }
    return FileAccessLog.of(accessLogPath, AccessLogFormatter.envoyDefault(), writers);
  }

  private static ConfigException unknownLogger(Positions positions, String path, String what) {
    return new ConfigException(
        positions.error(
            path,
            "unknown access logger " + what + " (known: " + String.join(", ", knownTypes()) + ")"));
  }

  /** Logger names and type URLs this factory knows, for error messages. */
  static List<String> knownTypes() {
    List<String> known = new ArrayList<>();
    for (LoggerType type : TYPES) {
      known.add(type.name() + " (" + type.typeUrl() + ")");
    }
    return known;
  }

  private static AccessLog file(Any any, AccessLogWriters writers) throws ConfigException {
    io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog config =
        unpack(any, FILE_TYPE, io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog.parser());
    AccessLogFormatter formatter;
    switch (config.getAccessLogFormatCase()) {
      case FORMAT:
        formatter = AccessLogFormatter.text(config.getFormat());
        break;
      case JSON_FORMAT:
        formatter = AccessLogFormatter.json(config.getJsonFormat(), false, false);
        break;
      case TYPED_JSON_FORMAT:
        throw new ConfigException(
            "access log file: typed_json_format is not supported by Remora yet (use json_format)");
      case LOG_FORMAT:
        formatter = AccessLogFormatter.of(config.getLogFormat());
        break;
      default:
        formatter = AccessLogFormatter.envoyDefault();
    }
    return FileAccessLog.of(config.getPath(), formatter, writers);
  }

  private static <T extends Message> T unpack(Any any, String fullName, Parser<T> parser)
      throws ConfigException {
    try {
      return TypedConfigs.unpack(any, fullName, parser);
    } catch (InvalidProtocolBufferException e) {
      throw new ConfigException(
          "cannot read " + any.getTypeUrl() + ": " + e.getMessage(), e);
    }
  }

  /** {@code status_code_filter}: the filter's field name, as written in the config. */
  private static String filterName(AccessLogFilter filter) {
    return filter.getFilterSpecifierCase().name().toLowerCase(Locale.ROOT);
  }
}
