package io.remora.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 upstream on 127.0.0.1 (the JDK's server) for tests. By default it answers
 * {@code 200} with its name, and echoes request details in headers; handlers can be slow or fail.
 */
public final class TestUpstream implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final String name;
  private final AtomicInteger requests = new AtomicInteger();

  private TestUpstream(String name, HttpHandler handler) throws IOException {
    this.name = name;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    this.executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      try {
        handler.handle(exchange);
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  /** Answers 200 with body {@code name}, and {@code x-upstream: name}, echoing what it saw. */
  public static TestUpstream named(String name) throws IOException {
    return new TestUpstream(name, exchange -> {
      drain(exchange.getRequestBody());
      exchange.getResponseHeaders().set("x-upstream", name);
      echoRequest(exchange);
      byte[] body = name.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    });
  }

  /**
   * Answers 200 with the request body's length and SHA-256 in {@code x-body-length} and
   * {@code x-body-sha256}, echoing what it saw.
   */
  public static TestUpstream digesting() throws IOException {
    return new TestUpstream("digest", exchange -> {
      java.security.MessageDigest digest = sha256();
      byte[] buffer = new byte[65536];
      long total = 0;
      InputStream in = exchange.getRequestBody();
      for (int read; (read = in.read(buffer)) >= 0; ) {
        digest.update(buffer, 0, read);
        total += read;
      }
      echoRequest(exchange);
      exchange.getResponseHeaders().set("x-body-length", Long.toString(total));
      exchange.getResponseHeaders().set("x-body-sha256", java.util.HexFormat.of().formatHex(digest.digest()));
      exchange.sendResponseHeaders(200, -1);
    });
  }

  /** The hex SHA-256 of {@code bytes}, to compare with {@link #digesting()}'s header. */
  public static String sha256Hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  public static TestUpstream handling(HttpHandler handler) throws IOException {
    return new TestUpstream("custom", handler);
  }

  /** Copies what the upstream received into response headers, for assertions. */
  public static void echoRequest(HttpExchange exchange) {
    var seen = exchange.getRequestHeaders();
    exchange.getResponseHeaders().set("x-seen-path", exchange.getRequestURI().toString());
    exchange.getResponseHeaders().set("x-seen-method", exchange.getRequestMethod());
    for (String header : new String[] {"host", "x-request-id", "x-forwarded-proto", "x-forwarded-for",
        "x-envoy-expected-rq-timeout-ms", "x-envoy-original-path", "connection", "keep-alive", "expect", "x-custom",
        "proxy-connection", "upgrade", "x-hop"}) {
      String value = seen.getFirst(header);
      exchange.getResponseHeaders().set("x-seen-" + header, value == null ? "<none>" : value);
    }
  }

  public static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[65536];
    long total = 0;
    for (int read; (read = in.read(buffer)) >= 0; ) {
      total += read;
    }
    return total;
  }

  public static void write(OutputStream out, byte[] body) throws IOException {
    out.write(body);
    out.flush();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String name() {
    return name;
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
