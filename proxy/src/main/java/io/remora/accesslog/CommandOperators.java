package io.remora.accesslog;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.remora.config.ConfigException;
import io.remora.http.ResponseFlag;
import io.remora.http.StreamInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Builds the {@link CommandOperator} for one operator name, Envoy's names and meanings. Work that
 * can be done once (header names, time patterns, the host name) is done here, at config time.
 */
final class CommandOperators {
  /** Operators that take no argument, by name. */
  private static final Map<String, CommandOperator> SIMPLE =
      Map.ofEntries(
          Map.entry("PROTOCOL", StreamInfo::protocol),
          Map.entry(
              "RESPONSE_CODE", info -> Integer.toString(info.responseCode())),
          Map.entry("RESPONSE_CODE_DETAILS", StreamInfo::responseCodeDetails),
          Map.entry("RESPONSE_FLAGS", CommandOperators::responseFlags),
          Map.entry("BYTES_RECEIVED", info -> Long.toString(info.bytesReceived())),
          Map.entry("BYTES_SENT", info -> Long.toString(info.bytesSent())),
          Map.entry("DURATION", info -> millis(info.durationNanos())),
          Map.entry("REQUEST_DURATION", info -> millis(info.requestCompleteNanos())),
          Map.entry("RESPONSE_DURATION", info -> millis(info.firstUpstreamByteNanos())),
          Map.entry("RESPONSE_TX_DURATION", CommandOperators::responseTxDuration),
          Map.entry("UPSTREAM_HOST", info -> withPort(info.upstreamHost())),
          Map.entry("UPSTREAM_REMOTE_ADDRESS", info -> withPort(info.upstreamHost())),
          Map.entry(
              "UPSTREAM_REMOTE_ADDRESS_WITHOUT_PORT", info -> withoutPort(info.upstreamHost())),
          Map.entry("UPSTREAM_REMOTE_PORT", info -> port(info.upstreamHost())),
          Map.entry("UPSTREAM_CLUSTER", StreamInfo::upstreamCluster),
          Map.entry(
              "DOWNSTREAM_REMOTE_ADDRESS", info -> withPort(info.downstreamRemoteAddress())),
          Map.entry(
              "DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT",
              info -> withoutPort(info.downstreamRemoteAddress())),
          Map.entry("DOWNSTREAM_REMOTE_PORT", info -> port(info.downstreamRemoteAddress())),
          // Remora reads no PROXY protocol yet: the direct peer is the remote address.
          Map.entry(
              "DOWNSTREAM_DIRECT_REMOTE_ADDRESS",
              info -> withPort(info.downstreamRemoteAddress())),
          Map.entry(
              "DOWNSTREAM_DIRECT_REMOTE_ADDRESS_WITHOUT_PORT",
              info -> withoutPort(info.downstreamRemoteAddress())),
          Map.entry("DOWNSTREAM_LOCAL_ADDRESS", info -> withPort(info.downstreamLocalAddress())),
          Map.entry(
              "DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT",
              info -> withoutPort(info.downstreamLocalAddress())),
          Map.entry("DOWNSTREAM_LOCAL_PORT", info -> port(info.downstreamLocalAddress())),
          Map.entry("ROUTE_NAME", StreamInfo::routeName));

  /** Operators that take {@code (X?Y)}: the header map each one reads. */
  private static final Map<String, Function<StreamInfo, HttpHeaders>> HEADER_SOURCES =
      Map.of(
          "REQ", StreamInfo::requestHeaders,
          "RESP", StreamInfo::responseHeaders,
          "TRAILER", StreamInfo::responseTrailers);

  private CommandOperators() {}

  /**
   * The operator {@code %name(argument)%}; {@code argument} is null when there were no
   * parentheses.
   */
  static CommandOperator create(String name, String argument) throws ConfigException {
    CommandOperator simple = SIMPLE.get(name);
    if (simple != null) {
      if (argument != null) {
        throw new ConfigException("command operator %" + name + "% takes no argument");
      }
      return simple;
    }
    Function<StreamInfo, HttpHeaders> headers = HEADER_SOURCES.get(name);
    if (headers != null) {
      return header(name, argument, headers);
    }
    switch (name) {
      case "START_TIME":
        StartTimeFormat format =
            StartTimeFormat.compile(argument == null ? StartTimeFormat.DEFAULT_PATTERN : argument);
        return info -> {
          StringBuilder out = new StringBuilder(32);
          format.append(out, info.startTimeMillis());
          return out.toString();
        };
      case "HOSTNAME":
        String hostname = hostname();
        return info -> hostname;
      case "ENVIRONMENT":
        if (argument == null || argument.isEmpty()) {
          throw new ConfigException("command operator %ENVIRONMENT% needs a variable name");
        }
        String value = System.getenv(argument);
        return info -> value;
      default:
        throw new ConfigException(
            "unknown access log command operator '%"
                + name
                + "%' (known: "
                + String.join(", ", knownNames())
                + ")");
    }
  }

  /** Every operator name this class knows, sorted, for error messages. */
  static Set<String> knownNames() {
    Set<String> names = new TreeSet<>(SIMPLE.keySet());
    names.addAll(HEADER_SOURCES.keySet());
    names.addAll(Set.of("START_TIME", "HOSTNAME", "ENVIRONMENT"));
    return names;
  }

  /** {@code %REQ(X?Y)%}: header X, or Y when X is absent; pseudo-headers from the stream. */
  private static CommandOperator header(
      String operator, String argument, Function<StreamInfo, HttpHeaders> source)
      throws ConfigException {
    if (argument == null || argument.isEmpty()) {
      throw new ConfigException(
          "command operator %" + operator + "% needs a header name, e.g. %" + operator
              + "(USER-AGENT)%");
    }
    int question = argument.indexOf('?');
    if (question != argument.lastIndexOf('?')) {
      throw new ConfigException(
          "command operator %" + operator + "(" + argument
              + ")% takes at most one alternative header (X?Y)");
    }
    if (question < 0) {
      return oneHeader(operator, argument, source);
    }
    CommandOperator main = oneHeader(operator, argument.substring(0, question), source);
    CommandOperator alternative = oneHeader(operator, argument.substring(question + 1), source);
    return info -> {
      String value = main.value(info);
      return value != null ? value : alternative.value(info);
    };
  }

  private static CommandOperator oneHeader(
      String operator, String name, Function<StreamInfo, HttpHeaders> source)
      throws ConfigException {
    if (name.isEmpty()) {
      throw new ConfigException("empty header name in an access log command operator");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (operator.equals("REQ")) {
      switch (lower) {
        case ":method":
          return StreamInfo::method;
        case ":path":
          return StreamInfo::path;
        case ":authority":
          return StreamInfo::authority;
        case ":scheme":
          // StreamInfo keeps no scheme; the connection manager sets x-forwarded-proto to it.
          return fromHeaders(AsciiString.cached("x-forwarded-proto"), source);
        default:
          break;
      }
    } else if (operator.equals("RESP") && lower.equals(":status")) {
      return info -> info.responseCode() == 0 ? null : Integer.toString(info.responseCode());
    }
    return fromHeaders(AsciiString.cached(lower), source);
  }

  private static CommandOperator fromHeaders(
      AsciiString name, Function<StreamInfo, HttpHeaders> source) {
    return info -> {
      HttpHeaders headers = source.apply(info);
      return headers == null ? null : headers.get(name);
    };
  }

  private static String responseFlags(StreamInfo info) {
    Set<ResponseFlag> flags = info.responseFlags();
    if (flags.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (ResponseFlag flag : flags) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(flag.code());
    }
    return out.toString();
  }

  private static String responseTxDuration(StreamInfo info) {
    long total = info.durationNanos();
    long firstByte = info.firstUpstreamByteNanos();
    return total < 0 || firstByte < 0 ? null : millis(total - firstByte);
  }

  /** Envoy's durations: whole milliseconds, '-' when unknown. */
  private static String millis(long nanos) {
    return nanos < 0 ? null : Long.toString(nanos / 1_000_000);
  }

  /** {@code 10.0.0.1:80}, {@code [::1]:80}. */
  private static String withPort(InetSocketAddress address) {
    if (address == null) {
      return null;
    }
    String host = withoutPort(address);
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static String withoutPort(InetSocketAddress address) {
    if (address == null) {
      return null;
    }
    InetAddress ip = address.getAddress();
    return ip != null ? ip.getHostAddress() : address.getHostString();
  }

  private static String port(InetSocketAddress address) {
    return address == null ? null : Integer.toString(address.getPort());
  }

  /** The kernel's host name, as Envoy's gethostname(); no DNS lookup where Linux tells us. */
  private static String hostname() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8);
      if (!name.isBlank()) {
        return name.strip();
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: ask the JDK below.
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return null;
    }
  }
}
