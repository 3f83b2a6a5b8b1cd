package io.remora.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte, for tests that need what real clients hide:
 * pipelining, malformed requests, interim responses, trailers, who closes the connection.
 * Every read times out after five seconds, so a test fails rather than hangs.
 */
public final class RawHttp implements AutoCloseable {
  private static final int READ_TIMEOUT_MILLIS = 5_000;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    this.in = new java.io.BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Connects to 127.0.0.1:{@code port}. */
  public static RawHttp connect(int port) throws IOException {
    return new RawHttp(new Socket("127.0.0.1", port));
  }

  /** Wraps an accepted socket (a raw upstream reads requests with it). */
  public static RawHttp over(Socket socket) throws IOException {
    return new RawHttp(socket);
  }

  public RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** Sends {@code GET path} for {@code host} and reads the response. */
  public Message get(String host, String path) throws IOException {
    return send("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").read();
  }

  /** Reads one response to a request that may have a body. */
  public Message read() throws IOException {
    return read(false);
  }

  /** Reads one response; {@code toHead} when it answers a HEAD request (no body follows). */
  public Message read(boolean toHead) throws IOException {
    return readMessage(toHead, true);
  }

  /** Reads one request (for raw upstreams). */
  public Message readRequest() throws IOException {
    return readMessage(false, false);
  }

  /** True if the peer closes the connection (reads nothing more before the end of the stream). */
  public boolean closedByPeer() throws IOException {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private Message readMessage(boolean toHead, boolean response) throws IOException {
    String startLine = line();
    if (startLine == null) {
      throw new IOException("connection closed before a message");
    }
    Map<String, List<String>> headers = headerBlock();
    int status = response ? Integer.parseInt(startLine.split(" ", 3)[1]) : 0;
    byte[] body = new byte[0];
    Map<String, List<String>> trailers = Map.of();
    String length = first(headers, "content-length");
    boolean bodyless = response && (toHead || status < 200 || status == 204 || status == 304);
    if (bodyless) {
      // nothing follows the head
    } else if ("chunked".equalsIgnoreCase(first(headers, "transfer-encoding"))) {
      ByteArrayOutputStream chunks = new ByteArrayOutputStream();
      for (int size; (size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0; ) {
        chunks.write(in.readNBytes(size));
        line();
      }
      trailers = headerBlock();
      body = chunks.toByteArray();
    } else if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if (response) {
      body = in.readAllBytes(); // delimited by the close
    }
    return new Message(startLine, status, headers, body, trailers);
  }

  private Map<String, List<String>> headerBlock() throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String header; (header = line()) != null && !header.isEmpty(); ) {
      int colon = header.indexOf(':');
      headers.computeIfAbsent(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(header.substring(colon + 1).trim());
    }
    return headers;
  }

  private String line() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b; (b = in.read()) >= 0; ) {
      if (b == '\n') {
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      bytes.write(b);
    }
    return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null ? null : values.get(0);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** A request or response as it was on the wire; header names are lower case. */
  public record Message(
      String startLine, int status, Map<String, List<String>> headers, byte[] body, Map<String, List<String>> trailers) {
    /** The first value of a header, or null. */
    public String header(String name) {
      return first(headers, name);
    }

    public String trailer(String name) {
      return first(trailers, name);
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
