package io.remora.greeter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Answers every request to the greeter: {@code POST /hello/{username}}, and JSON errors for
 * everything else, so a client never sees a stack trace.
 *
 * <p>One answer is not ours: a request line whose URI does not parse (say {@code /hello/%zz}) is
 * refused with a plain 400 by the JDK server before any handler runs.
 */
final class HelloHandler implements HttpHandler {
  private static final String PREFIX = "/hello";
  /** A birth date body is about 30 bytes; anything near this is not one. */
  private static final int MAXIMUM_BODY_BYTES = 16 * 1024;

  private final Clock clock;

  HelloHandler(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      int status;
      String body;
      try {
        status = 200;
        body = Json.object("message", greet(exchange));
      } catch (BadRequestException rejected) {
        status = rejected.status();
        body = Json.object("error", rejected.getMessage());
      } catch (IOException connectionProblem) {
        throw connectionProblem;
      } catch (RuntimeException bug) {
        // Never a stack trace to the client; the server log keeps only the type.
        System.err.println("greeter: internal error: " + bug);
        status = 500;
        body = Json.object("error", "internal error");
      }
      send(exchange, status, body);
    }
  }

  private String greet(HttpExchange exchange) throws BadRequestException, IOException {
    String path = exchange.getRequestURI().getRawPath();
    if (path == null || !(path.equals(PREFIX) || path.startsWith(PREFIX + "/"))) {
      throw new BadRequestException(404, "not found");
    }
    String rawUsername = path.length() > PREFIX.length() ? path.substring(PREFIX.length() + 1) : "";
    if (rawUsername.indexOf('/') >= 0) {
      throw new BadRequestException(404, "not found");
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      exchange.getResponseHeaders().set("Allow", "POST");
      throw new BadRequestException(405, "method not allowed; use POST");
    }
    String username = PercentDecoding.decode(rawUsername);
    if (username.isEmpty()) {
      throw new BadRequestException("username must not be empty");
    }
    LocalDate today = LocalDate.now(clock);
    BirthdayRequest request = BirthdayRequest.parse(readBody(exchange.getRequestBody()), today);
    return Greeting.message(username, request.dateOfBirth(), today);
  }

  private static String readBody(InputStream input) throws BadRequestException, IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    byte[] chunk = new byte[1024];
    for (int read; (read = input.read(chunk)) >= 0; ) {
      bytes.write(chunk, 0, read);
      if (bytes.size() > MAXIMUM_BODY_BYTES) {
        throw new BadRequestException(413, "body larger than " + MAXIMUM_BODY_BYTES + " bytes");
      }
    }
    return decodeUtf8(bytes.toByteArray(), "the body is not valid UTF-8");
  }

  /** Decodes strictly: a lenient decoder would turn bad bytes into U+FFFD and carry on. */
  static String decodeUtf8(byte[] bytes, String problem) throws BadRequestException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException malformed) {
      throw new BadRequestException(problem);
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    // A HEAD response has no body; -1 tells the server so (0 would mean chunked).
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream output = exchange.getResponseBody()) {
        output.write(bytes);
      }
    }
  }
}
