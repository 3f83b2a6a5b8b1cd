package io.remora.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.JsonFormatOptions;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.remora.config.ConfigException;
import io.remora.http.ResponseFlag;
import io.remora.http.StreamInfo;
import java.net.InetSocketAddress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessLogFormatterTest {
  private static final long START_MILLIS = Instant.parse("2026-11-26T13:06:10.123Z").toEpochMilli();
  private static final long START_NANOS = 1_000_000_000L;

  /** A typical proxied GET, as the connection manager would leave it. */
  static StreamInfo typicalRequest() {
    StreamInfo info =
        new StreamInfo(
            START_MILLIS,
            START_NANOS,
            new InetSocketAddress("127.0.0.1", 54321),
            new InetSocketAddress("127.0.0.1", 10000));
    HttpHeaders request = new DefaultHttpHeaders();
    request.add("Host", "localhost:10000");
    request.add("User-Agent", "curl/7.88.1");
    request.add("X-Request-Id", "abc");
    info.setRequest("GET", "/hello", "localhost:10000", request);
    HttpHeaders response = new DefaultHttpHeaders();
    response.add("x-envoy-upstream-service-time", "2");
    response.add("content-type", "text/plain");
    info.setResponseHeaders(response);
    info.setResponseCode(200);
    info.setResponseCodeDetails("via_upstream");
    info.addBytesSent(42);
    info.markFirstUpstreamByte(START_NANOS + 2_400_000);
    info.markEnd(START_NANOS + 3_700_000);
    info.setUpstreamHost(new InetSocketAddress("127.0.0.1", 8080));
    info.setUpstreamCluster("service_a");
    info.setRouteName("hello_route");
    return info;
  }

  private static String format(String format, StreamInfo info) throws ConfigException {
    return AccessLogFormatter.text(format).format(info);
  }

  @Test
  void defaultFormatHasEnvoysShape() {
    assertThat(AccessLogFormatter.envoyDefault().format(typicalRequest()))
        .isEqualTo(
            "[2026-11-26T13:06:10.123Z] \"GET /hello HTTP/1.1\" 200 - 0 42 3 2 \"-\""
                + " \"curl/7.88.1\" \"abc\" \"localhost:10000\" \"127.0.0.1:8080\"\n");
  }

  @Test
  void defaultFormatPrefersTheOriginalPath() {
    StreamInfo info = typicalRequest();
    info.requestHeaders().add("x-envoy-original-path", "/before/rewrite");
    assertThat(AccessLogFormatter.envoyDefault().format(info))
        .contains("\"GET /before/rewrite HTTP/1.1\"");
  }

  @Test
  void eachOperator() throws ConfigException {
    StreamInfo info = typicalRequest();
    info.setResponseTrailers(new DefaultHttpHeaders().add("grpc-status", "0"));
    info.addBytesReceived(7);
    assertThat(format("%RESPONSE_CODE%", info)).isEqualTo("200");
    assertThat(format("%RESPONSE_CODE_DETAILS%", info)).isEqualTo("via_upstream");
    assertThat(format("%BYTES_RECEIVED% %BYTES_SENT%", info)).isEqualTo("7 42");
    assertThat(format("%DURATION% %RESPONSE_DURATION% %REQUEST_DURATION%", info))
        .isEqualTo("3 2 -");
    info.markRequestComplete(START_NANOS + 1_200_000);
    assertThat(format("%REQUEST_DURATION%", info)).isEqualTo("1");
    assertThat(format("%RESPONSE_TX_DURATION%", info)).isEqualTo("1");
    assertThat(format("%PROTOCOL%", info)).isEqualTo("HTTP/1.1");
    assertThat(format("%UPSTREAM_HOST% %UPSTREAM_CLUSTER%", info))
        .isEqualTo("127.0.0.1:8080 service_a");
    assertThat(format("%DOWNSTREAM_REMOTE_ADDRESS%", info)).isEqualTo("127.0.0.1:54321");
    assertThat(format("%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%", info)).isEqualTo("127.0.0.1");
    assertThat(format("%DOWNSTREAM_LOCAL_ADDRESS%", info)).isEqualTo("127.0.0.1:10000");
    assertThat(format("%DOWNSTREAM_LOCAL_ADDRESS_WITHOUT_PORT%", info)).isEqualTo("127.0.0.1");
    assertThat(format("%DOWNSTREAM_LOCAL_PORT%", info)).isEqualTo("10000");
    assertThat(format("%ROUTE_NAME%", info)).isEqualTo("hello_route");
    assertThat(format("%REQ(:METHOD)% %REQ(:PATH)% %REQ(:AUTHORITY)%", info))
        .isEqualTo("GET /hello localhost:10000");
    assertThat(format("%REQ(user-agent)%", info)).isEqualTo("curl/7.88.1");
    assertThat(format("%REQ(X-MISSING?USER-AGENT)%", info)).isEqualTo("curl/7.88.1");
    assertThat(format("%RESP(CONTENT-TYPE)% %RESP(:STATUS)%", info)).isEqualTo("text/plain 200");
    assertThat(format("%TRAILER(GRPC-STATUS)%", info)).isEqualTo("0");
    assertThat(format("%HOSTNAME%", info)).isNotEmpty().isNotEqualTo("-");
    assertThat(format("100%% done", info)).isEqualTo("100% done");
  }

  @Test
  void schemeComesFromForwardedProto() throws ConfigException {
    StreamInfo info = typicalRequest();
    assertThat(format("%REQ(:SCHEME)%", info)).isEqualTo("-");
    info.requestHeaders().add("x-forwarded-proto", "https");
    assertThat(format("%REQ(:SCHEME)%", info)).isEqualTo("https");
  }

  @Test
  void ipv6AddressesAreBracketedWithAPort() throws ConfigException {
    StreamInfo info = typicalRequest();
    info.setUpstreamHost(new InetSocketAddress("::1", 8080));
    assertThat(format("%UPSTREAM_HOST% %UPSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%", info))
        .isEqualTo("[0:0:0:0:0:0:0:1]:8080 0:0:0:0:0:0:0:1");
  }

  @Test
  void startTimePatterns() throws ConfigException {
    StreamInfo info = typicalRequest();
    assertThat(format("%START_TIME%", info)).isEqualTo("2026-11-26T13:06:10.123Z");
    assertThat(format("%START_TIME(%Y/%m/%dT%H:%M:%S%z %s)%", info))
        .isEqualTo("2026/11/26T13:06:10+0000 " + START_MILLIS / 1000);
    assertThat(format("%START_TIME(%s.%3f)%", info)).isEqualTo(START_MILLIS / 1000 + ".123");
    assertThat(format("%START_TIME(%s.%6f)%", info)).isEqualTo(START_MILLIS / 1000 + ".123000");
    assertThat(format("%START_TIME(%s.%9f)%", info))
        .isEqualTo(START_MILLIS / 1000 + ".123000000");
    assertThat(format("%START_TIME(%F %T)%:10", info)).isEqualTo("2026-11-26 13:06:10:10");
    assertThat(format("%START_TIME(%H:%M)%", info)).isEqualTo("13:06");
  }

  @Test
  void missingValuesPrintADash() throws ConfigException {
    StreamInfo info =
        new StreamInfo(START_MILLIS, START_NANOS, new InetSocketAddress("10.0.0.1", 1), null);
    assertThat(
            format(
                "%REQ(:METHOD)% %REQ(USER-AGENT)% %RESP(X)% %TRAILER(X)% %RESPONSE_CODE_DETAILS%"
                    + " %RESPONSE_FLAGS% %DURATION% %RESPONSE_DURATION% %UPSTREAM_HOST%"
                    + " %UPSTREAM_CLUSTER% %DOWNSTREAM_LOCAL_ADDRESS% %ROUTE_NAME%",
                info))
        .isEqualTo("- - - - - - - - - - - -");
    assertThat(format("%RESPONSE_CODE% %BYTES_SENT%", info)).isEqualTo("0 0");
  }

  @Test
  void omitEmptyValuesPrintsNothing() throws ConfigException {
    StreamInfo info = typicalRequest();
    assertThat(AccessLogFormatter.text("[%REQ(X-MISSING)%]", true).format(info)).isEqualTo("[]");
  }

  @Test
  void truncation() throws ConfigException {
    StreamInfo info = typicalRequest();
    assertThat(format("%REQ(USER-AGENT):4%", info)).isEqualTo("curl");
    assertThat(format("%REQ(USER-AGENT):40%", info)).isEqualTo("curl/7.88.1");
    assertThat(format("%REQ(X-MISSING?:PATH):3%", info)).isEqualTo("/he");
    assertThat(format("%REQ(X-MISSING):3%", info)).isEqualTo("-");
  }

  @Test
  void responseFlagsJoinedByComma() throws ConfigException {
    StreamInfo info = typicalRequest();
    info.setResponseFlag(ResponseFlag.UPSTREAM_RETRY_LIMIT_EXCEEDED);
    info.setResponseFlag(ResponseFlag.UPSTREAM_CONNECTION_FAILURE);
    assertThat(format("%RESPONSE_FLAGS%", info)).isEqualTo("UF,URX");
  }

  @Test
  void jsonFormat() throws ConfigException {
    Struct format =
        Struct.newBuilder()
            .putFields("protocol", string("%PROTOCOL%"))
            .putFields("duration", string("%DURATION%"))
            .putFields("agent", string("%REQ(USER-AGENT)% \"quoted\""))
            .putFields("missing", string("%REQ(X-MISSING)%"))
            .putFields(
                "upstream",
                Value.newBuilder()
                    .setStructValue(
                        Struct.newBuilder().putFields("host", string("%UPSTREAM_HOST%")))
                    .build())
            .build();
    String line = AccessLogFormatter.json(format, false, false).format(typicalRequest());
    assertThat(line)
        .isEqualTo(
            "{\"protocol\":\"HTTP/1.1\",\"duration\":\"3\","
                + "\"agent\":\"curl/7.88.1 \\\"quoted\\\"\",\"missing\":\"-\","
                + "\"upstream\":{\"host\":\"127.0.0.1:8080\"}}\n");
  }

  @Test
  void jsonFormatOmitsEmptyValuesAndSorts() throws ConfigException {
    SubstitutionFormatString config =
        SubstitutionFormatString.newBuilder()
            .setJsonFormat(
                Struct.newBuilder()
                    .putFields("status", string("%RESPONSE_CODE%"))
                    .putFields("missing", string("%REQ(X-MISSING)%"))
                    .putFields("method", string("%REQ(:METHOD)%")))
            .setOmitEmptyValues(true)
            .setJsonFormatOptions(JsonFormatOptions.newBuilder().setSortProperties(true))
            .build();
    assertThat(AccessLogFormatter.of(config).format(typicalRequest()))
        .isEqualTo("{\"method\":\"GET\",\"status\":\"200\"}\n");
  }

  @Test
  void jsonFormatRejectsNumbers() {
    Struct format =
        Struct.newBuilder().putFields("n", Value.newBuilder().setNumberValue(1).build()).build();
    assertThatThrownBy(() -> AccessLogFormatter.json(format, false, false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("json_format.n");
  }

  @Test
  void logFormatWithoutAFormatIsEnvoysDefault() throws ConfigException {
    assertThat(AccessLogFormatter.of(SubstitutionFormatString.getDefaultInstance()).format(
            typicalRequest()))
        .isEqualTo(AccessLogFormatter.envoyDefault().format(typicalRequest()));
  }

  @Test
  void unknownOperatorIsNamed() {
    assertThatThrownBy(() -> AccessLogFormatter.text("x %NOT_AN_OPERATOR% y"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown access log command operator '%NOT_AN_OPERATOR%'")
        .hasMessageContaining("UPSTREAM_HOST");
  }

  @Test
  void malformedFormatsAreRejected() {
    assertThatThrownBy(() -> AccessLogFormatter.text("50% off"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("position 2");
    assertThatThrownBy(() -> AccessLogFormatter.text("%REQ(USER-AGENT%"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("closing ')%'");
    assertThatThrownBy(() -> AccessLogFormatter.text("%REQ%"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("needs a header name");
    assertThatThrownBy(() -> AccessLogFormatter.text("%PROTOCOL(X)%"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("takes no argument");
    assertThatThrownBy(() -> AccessLogFormatter.text("%START_TIME(%Q)%"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'%Q' is not supported");
  }

  private static Value string(String text) {
    return Value.newBuilder().setStringValue(text).build();
  }
}
