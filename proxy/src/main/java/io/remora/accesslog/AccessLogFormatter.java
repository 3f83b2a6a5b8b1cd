package io.remora.accesslog;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Struct;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.remora.config.ConfigException;
import io.remora.http.StreamInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a finished stream into one access log line, from a format compiled once at config time.
 * {@link #format} runs on event loops: it walks precompiled parts and allocates only the line.
 */
@FunctionalInterface
public interface AccessLogFormatter {
  /** Envoy's format when none is configured. */
  String DEFAULT_FORMAT =
      "[%START_TIME%] \"%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%\" "
          + "%RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% "
          + "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% \"%REQ(X-FORWARDED-FOR)%\" "
          + "\"%REQ(USER-AGENT)%\" \"%REQ(X-REQUEST-ID)%\" \"%REQ(:AUTHORITY)%\" "
          + "\"%UPSTREAM_HOST%\"\n";

  /** The line for {@code info}, with its line end if the format has one. */
  String format(StreamInfo info);

  /** Envoy's default format. */
  static AccessLogFormatter envoyDefault() {
    try {
      return text(DEFAULT_FORMAT);
    } catch (ConfigException e) {
      throw new AssertionError("the default access log format must compile", e);
    }
  }

  /**
   * A format string: literal text and command operators; values that are not set print '-'. Like
   * Envoy, no line end is added: put {@code \n} in the format.
   */
  static AccessLogFormatter text(String format) throws ConfigException {
    return text(format, false);
  }

  /** As {@link #text(String)}; with {@code omitEmptyValues} unset values print nothing. */
  static AccessLogFormatter text(String format, boolean omitEmptyValues) throws ConfigException {
    requireNonNull(format, "format");
    FormatTemplate template = FormatTemplate.compile(format, omitEmptyValues ? "" : "-");
    return template::render;
  }

  /**
   * Envoy's {@code json_format}: each string value of {@code format} is a format string, nested
   * structs nest; the line is one JSON object and a line end. Values are JSON strings ('-' when
   * not set), as Envoy's untyped {@code json_format} prints them.
   */
  static AccessLogFormatter json(Struct format, boolean omitEmptyValues, boolean sortProperties)
      throws ConfigException {
    return JsonFormatter.compile(requireNonNull(format, "format"), omitEmptyValues, sortProperties);
  }

  /**
   * The formatter for a {@code log_format}, or Envoy's default when {@code config} sets no format.
   */
  static AccessLogFormatter of(SubstitutionFormatString config) throws ConfigException {
    if (config.getFormattersCount() > 0) {
      throw new ConfigException(
          "access log format: 'formatters' (formatter extensions) are not supported by Remora yet");
    }
    boolean omitEmpty = config.getOmitEmptyValues();
    switch (config.getFormatCase()) {
      case TEXT_FORMAT:
        return text(config.getTextFormat(), omitEmpty);
      case TEXT_FORMAT_SOURCE:
        return text(read(config.getTextFormatSource()), omitEmpty);
      case JSON_FORMAT:
        return json(
            config.getJsonFormat(), omitEmpty, config.getJsonFormatOptions().getSortProperties());
      default:
        return envoyDefault();
    }
  }

  private static String read(DataSource source) throws ConfigException {
    switch (source.getSpecifierCase()) {
      case INLINE_STRING:
        return source.getInlineString();
      case INLINE_BYTES:
        return source.getInlineBytes().toStringUtf8();
      case FILENAME:
        try {
          return Files.readString(Path.of(source.getFilename()), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new ConfigException(
              "access log format: cannot read text_format_source file '"
                  + source.getFilename()
                  + "': "
                  + e.getMessage(),
              e);
        }
      case ENVIRONMENT_VARIABLE:
        String value = System.getenv(source.getEnvironmentVariable());
        if (value == null) {
          throw new ConfigException(
              "access log format: environment variable '"
                  + source.getEnvironmentVariable()
                  + "' is not set");
        }
        return value;
      default:
        throw new ConfigException("access log format: text_format_source is empty");
    }
  }
}
