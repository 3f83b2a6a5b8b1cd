package io.remora.greeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Talks to a real greeter on a loopback port with real clients. */
final class GreeterTest {
  /** The lab's date of birth is January 25; the greeter thinks today is January 25, 2026. */
  private static final Clock LAB_BIRTHDAY =
      Clock.fixed(Instant.parse("2026-01-25T12:00:00Z"), ZoneOffset.UTC);

  private final HttpClient client = HttpClient.newHttpClient();
  private Greeter greeter;

  @BeforeEach
  void startGreeter() throws IOException {
    greeter = Greeter.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), LAB_BIRTHDAY);
  }

  @AfterEach
  void stopGreeter() {
    greeter.close();
  }

  @Test
  void greetsWithHappyBirthdayOnTheBirthday() throws Exception {
    HttpResponse<String> response = post("/hello/abohmeed", "{\"dateOfBirth\":\"2020-01-25\"}");

    assertJsonResponse(response, 200, "{\"message\":\"Hello, abohmeed! Happy birthday\"}");
  }

  @Test
  void greetsPlainlyOnAnyOtherDay() throws Exception {
    HttpResponse<String> response = post("/hello/abohmeed", "{\"dateOfBirth\":\"2020-01-26\"}");

    assertJsonResponse(response, 200, "{\"message\":\"Hello, abohmeed\"}");
  }

  @Test
  void acceptsJsonWhitespaceAndEscapes() throws Exception {
    HttpResponse<String> response =
        post("/hello/abohmeed", " \r\n\t{ \"date\\u004ffBirth\" :\n \"2020\\u002d01-25\" }\n");

    assertJsonResponse(response, 200, "{\"message\":\"Hello, abohmeed! Happy birthday\"}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{",
        "}",
        "[]",
        "null",
        "\"2020-01-25\"",
        "{\"dateOfBirth\":\"2020-01-25\"",
        "{\"dateOfBirth\":\"2020-01-25\"} trailing",
        "{\"dateOfBirth\":\"2020-01-25\",}",
        "{\"dateOfBirth\" \"2020-01-25\"}",
        "{dateOfBirth:\"2020-01-25\"}",
        "{'dateOfBirth':'2020-01-25'}",
        "{\"dateOfBirth\":\"2020-01-25\\x\"}",
        "{\"dateOfBirth\":\"2020-01-25\\u00\"}",
        "{\"dateOfBirth\":\"2020-01-25\u0001\"}",
        "{\"dateOfBirth\":\"2020-01-25}",
      })
  void rejectsBadJson(String body) throws Exception {
    assertBadRequest(post("/hello/abohmeed", body), "invalid JSON");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"dateofbirth\":\"2020-01-25\"}",
        "{\"name\":\"abohmeed\",\"dateOfBirth\":\"2020-01-25\"}",
        "{\"dateOfBirth\":\"2020-01-25\",\"dateOfBirth\":\"2020-01-25\"}",
        "{\"dateOfBirth\":20200125}",
        "{\"dateOfBirth\":null}",
        "{\"dateOfBirth\":[\"2020-01-25\"]}",
      })
  void rejectsMissingWrongOrExtraFields(String body) throws Exception {
    assertBadRequest(post("/hello/abohmeed", body), "dateOfBirth");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2020-1-25",
        "20-01-25",
        "2020/01/25",
        "2020-01-25T00:00",
        " 2020-01-25",
        "+2020-01-25",
        "2020-13-01",
        "2020-00-10",
        "2020-02-30",
        "2021-02-29",
        "2020-01-32",
        "２０２０-01-25",
        "2026-01-26",
        "9999-12-31",
      })
  void rejectsBadDates(String date) throws Exception {
    assertBadRequest(post("/hello/abohmeed", "{\"dateOfBirth\":\"" + date + "\"}"), "dateOfBirth");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/hello/", "/hello", "/hello/%ff", "/hello/a%C3"})
  void rejectsEmptyOrUnreadableUsernames(String path) throws Exception {
    assertBadRequest(post(path, "{\"dateOfBirth\":\"2020-01-25\"}"), "username");
  }

  @Test
  void rejectsABodyThatIsNotUtf8() throws Exception {
    byte[] latin1 = "{\"dateOfBirth\":\"2020-01-25é\"}".getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> response =
        client.send(
            request("/hello/abohmeed").POST(BodyPublishers.ofByteArray(latin1)).build(),
            BodyHandlers.ofString());

    assertBadRequest(response, "UTF-8");
  }

  @Test
  void rejectsAnOversizedBodyWith413() throws Exception {
    HttpResponse<String> response = post("/hello/abohmeed", " ".repeat(64 * 1024) + "{}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).startsWith("{\"error\":\"body larger than");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS"})
  void answersOtherMethodsWith405AndAllow(String method) throws Exception {
    HttpResponse<String> response =
        client.send(
            request("/hello/abohmeed")
                .method(method, BodyPublishers.ofString("{\"dateOfBirth\":\"2020-01-25\"}"))
                .build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo("{\"error\":\"method not allowed; use POST\"}");
  }

  @Test
  void answersHeadWith405AndNoBody() throws Exception {
    HttpResponse<String> response =
        client.send(
            request("/hello/abohmeed").method("HEAD", BodyPublishers.noBody()).build(),
            BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertThat(response.body()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/hello/abohmeed/extra", "/hellox/abohmeed", "/Hello/abohmeed", "/ready"})
  void answersUnknownPathsWith404Json(String path) throws Exception {
    HttpResponse<String> response = post(path, "{\"dateOfBirth\":\"2020-01-25\"}");

    assertJsonResponse(response, 404, "{\"error\":\"not found\"}");
  }

  @Test
  void escapesTheUsernameInTheJsonOutput() throws Exception {
    // a"b\c<TAB>d and a non-ASCII name, percent-encoded in the path.
    HttpResponse<String> response =
        post("/hello/a%22b%5Cc%09d%20%C3%A9+%2F", "{\"dateOfBirth\":\"2020-01-26\"}");

    assertJsonResponse(response, 200, "{\"message\":\"Hello, a\\\"b\\\\c\\td é+/\"}");
  }

  @Test
  void answersSeveralRequestsOnOneKeptAliveConnection() throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), greeter.port())) {
      socket.setSoTimeout(5_000);
      OutputStream output = socket.getOutputStream();
      InputStream input = new BufferedInputStream(socket.getInputStream());
      String[] dates = {"2020-01-25", "2020-01-24", "not-a-date", "2000-01-25"};
      String[] expected = {
        "{\"message\":\"Hello, abohmeed! Happy birthday\"}",
        "{\"message\":\"Hello, abohmeed\"}",
        "{\"error\":\"dateOfBirth must be a date in the form YYYY-MM-DD\"}",
        "{\"message\":\"Hello, abohmeed! Happy birthday\"}",
      };
      for (int index = 0; index < dates.length; index++) {
        String body = "{\"dateOfBirth\":\"" + dates[index] + "\"}";
        String request =
            "POST /hello/abohmeed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body;
        output.write(request.getBytes(StandardCharsets.US_ASCII));
        output.flush();

        assertThat(readResponseBody(input)).isEqualTo(expected[index]);
      }
      // A 404 without reading the body still leaves the connection usable.
      output.write(
          "POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
              .getBytes(StandardCharsets.US_ASCII));
      output.write(
          ("POST /hello/again HTTP/1.1\r\nHost: x\r\nContent-Length: 28\r\n\r\n"
                  + "{\"dateOfBirth\":\"2020-01-25\"}")
              .getBytes(StandardCharsets.US_ASCII));
      output.flush();
      assertThat(readResponseBody(input)).isEqualTo("{\"error\":\"not found\"}");
      assertThat(readResponseBody(input))
          .isEqualTo("{\"message\":\"Hello, again! Happy birthday\"}");
    }
  }

  @Test
  void answersTheLabsCurlCommand() throws Exception {
    assumeTrue(onPath("curl"), "curl is not installed (.ci/run installs it)");
    Process curl =
        new ProcessBuilder(
                "curl",
                "-s",
                "-XPOST",
                "--data",
                "{\"dateOfBirth\":\"2020-01-25\"}",
                "127.0.0.1:" + greeter.port() + "/hello/abohmeed")
            .redirectErrorStream(true)
            .start();
    String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(curl.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(curl.exitValue()).isZero();
    assertThat(output).isEqualTo("{\"message\":\"Hello, abohmeed! Happy birthday\"}");
  }

  @Test
  void reportsTheChosenPort() {
    assertThat(greeter.port()).isPositive();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(
        request(path).POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + greeter.port() + path));
  }

  private static void assertJsonResponse(HttpResponse<String> response, int status, String body) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).isEqualTo(body);
  }

  private static void assertBadRequest(HttpResponse<String> response, String errorMentions) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.body()).startsWith("{\"error\":\"").endsWith("\"}").contains(errorMentions);
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** Reads one Content-Length response off a kept-alive connection and returns its body. */
  private static String readResponseBody(InputStream input) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int next = input.read();
      assertThat(next).as("connection closed before the response ended").isNotNegative();
      head.write(next);
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    assertThat(headers).startsWith("HTTP/1.1 ").doesNotContainIgnoringCase("Connection: close");
    int contentLength = -1;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        contentLength = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    assertThat(contentLength).as("Content-Length in %s", headers).isNotNegative();
    return new String(input.readNBytes(contentLength), StandardCharsets.UTF_8);
  }

  private static boolean onPath(String command) {
    for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
        return true;
      }
    }
    return false;
  }
}
