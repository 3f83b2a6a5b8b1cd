package io.remora.accesslog;

import static io.remora.accesslog.AccessLogFormatterTest.typicalRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLog;
import io.envoyproxy.envoy.config.accesslog.v3.AccessLogFilter;
import io.envoyproxy.envoy.config.accesslog.v3.StatusCodeFilter;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.remora.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogsTest {
  @TempDir Path dir;

  private static AccessLog fileLog(FileAccessLog config) {
    return AccessLog.newBuilder()
        .setName(AccessLogs.FILE_NAME)
        .setTypedConfig(Any.pack(config))
        .build();
  }

  private static List<String> logOnce(AccessLog config, Path file) throws Exception {
    try (AccessLogWriters writers = AccessLogWriters.of()) {
      AccessLogs.create(config, writers).log(typicalRequest());
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  @Test
  void fileLoggerWithLogFormat() throws Exception {
    Path file = dir.resolve("a.log");
    FileAccessLog config =
        FileAccessLog.newBuilder()
            .setPath(file.toString())
            .setLogFormat(
                SubstitutionFormatString.newBuilder()
                    .setTextFormat("%REQ(:METHOD)% %REQ(:PATH)% %RESPONSE_CODE%\n"))
            .build();
    assertThat(logOnce(fileLog(config), file)).containsExactly("GET /hello 200");
  }

  @Test
  void fileLoggerWithoutAFormatUsesEnvoysDefault() throws Exception {
    Path file = dir.resolve("a.log");
    assertThat(logOnce(fileLog(FileAccessLog.newBuilder().setPath(file.toString()).build()), file))
        .containsExactly(
            "[2026-11-26T13:06:10.123Z] \"GET /hello HTTP/1.1\" 200 - 0 42 3 2 \"-\""
                + " \"curl/7.88.1\" \"abc\" \"localhost:10000\" \"127.0.0.1:8080\"");
  }

  @Test
  void fileLoggerWithDeprecatedFormatAndJsonFormat() throws Exception {
    Path text = dir.resolve("text.log");
    assertThat(
            logOnce(
                fileLog(
                    FileAccessLog.newBuilder()
                        .setPath(text.toString())
                        .setFormat("%PROTOCOL%\n")
                        .build()),
                text))
        .containsExactly("HTTP/1.1");
    Path json = dir.resolve("json.log");
    Struct format =
        Struct.newBuilder()
            .putFields("code", Value.newBuilder().setStringValue("%RESPONSE_CODE%").build())
            .build();
    assertThat(
            logOnce(
                fileLog(
                    FileAccessLog.newBuilder()
                        .setPath(json.toString())
                        .setJsonFormat(format)
                        .build()),
                json))
        .containsExactly("{\"code\":\"200\"}");
  }

  @Test
  void stdoutLoggerByTypeUrlAndByName() throws ConfigException {
    try (AccessLogWriters writers = AccessLogWriters.of()) {
      io.remora.accesslog.AccessLog byType =
          AccessLogs.create(
              AccessLog.newBuilder()
                  .setName("anything")
                  .setTypedConfig(Any.pack(StdoutAccessLog.getDefaultInstance()))
                  .build(),
              writers);
      assertThat(((io.remora.accesslog.FileAccessLog) byType).path()).isEqualTo("/dev/stdout");
      io.remora.accesslog.AccessLog byName =
          AccessLogs.create(AccessLog.newBuilder().setName(AccessLogs.STDERR_NAME).build(), writers);
      assertThat(((io.remora.accesslog.FileAccessLog) byName).path()).isEqualTo("/dev/stderr");
    }
  }

  @Test
  void filtersAreNotSupportedYet() {
    AccessLog config =
        AccessLog.newBuilder()
            .setName(AccessLogs.STDOUT_NAME)
            .setFilter(
                AccessLogFilter.newBuilder().setStatusCodeFilter(StatusCodeFilter.getDefaultInstance()))
            .build();
    assertThatThrownBy(() -> AccessLogs.create(config, AccessLogWriters.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("access log filter 'status_code_filter' is not supported by Remora yet");
  }

  @Test
  void unknownLoggerListsTheKnownOnes() {
    AccessLog config =
        AccessLog.newBuilder()
            .setName("envoy.access_loggers.http_grpc")
            .setTypedConfig(
                Any.newBuilder()
                    .setTypeUrl(
                        "type.googleapis.com/envoy.extensions.access_loggers.grpc.v3"
                            + ".HttpGrpcAccessLogConfig"))
            .build();
    assertThatThrownBy(() -> AccessLogs.create(config, AccessLogWriters.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("HttpGrpcAccessLogConfig")
        .hasMessageContaining(AccessLogs.FILE_NAME)
        .hasMessageContaining("type.googleapis.com/envoy.extensions.access_loggers.stream.v3"
            + ".StdoutAccessLog")
        .hasMessageContaining(AccessLogs.STDERR_NAME);
  }

  @Test
  void errorsNameTheConfigPlace() {
    AccessLog config =
        fileLog(
            FileAccessLog.newBuilder().setPath(dir.resolve("x").toString()).setFormat("%NOPE%")
                .build());
    assertThatThrownBy(
            () ->
                AccessLogs.create(
                    config, AccessLogWriters.of(), path -> "envoy.yaml:12:7", "access_log[0]"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("envoy.yaml:12:7: unknown access log command operator '%NOPE%'");
  }

  @Test
  void missingPathIsAnError() {
    assertThatThrownBy(
            () -> AccessLogs.create(fileLog(FileAccessLog.getDefaultInstance()), AccessLogWriters.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'path' is required");
  }

  @Test
  void adminAccessLogPath() throws Exception {
    Path file = dir.resolve("admin.log");
    try (AccessLogWriters writers = AccessLogWriters.of()) {
      assertThat(AccessLogs.admin("/dev/null", writers))
          .isSameAs(io.remora.accesslog.AccessLog.NONE);
      assertThat(AccessLogs.admin("", writers)).isSameAs(io.remora.accesslog.AccessLog.NONE);
      AccessLogs.admin(file.toString(), writers).log(typicalRequest());
    }
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
        .singleElement()
        .asString()
        .startsWith("[2026-11-26T13:06:10.123Z] \"GET /hello HTTP/1.1\" 200 -");
  }

  @Test
  void createAllCombinesEntries() throws Exception {
    Path first = dir.resolve("1.log");
    Path second = dir.resolve("2.log");
    try (AccessLogWriters writers = AccessLogWriters.of()) {
      AccessLogs.createAll(
              List.of(
                  fileLog(FileAccessLog.newBuilder().setPath(first.toString()).setFormat("1\n").build()),
                  fileLog(FileAccessLog.newBuilder().setPath(second.toString()).setFormat("2\n").build())),
              writers,
              io.remora.config.Positions.NONE,
              "access_log")
          .log(typicalRequest());
    }
    assertThat(Files.readAllLines(first)).containsExactly("1");
    assertThat(Files.readAllLines(second)).containsExactly("2");
  }
}
