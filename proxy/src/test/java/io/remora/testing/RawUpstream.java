package io.remora.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a plain server socket whose handler writes exactly the bytes a test wants:
 * trailers, a close before any answer, a bare HEAD response. One thread per connection.
 */
public final class RawUpstream implements AutoCloseable {
  /** Serves one accepted connection; the socket is closed after it returns. */
  @FunctionalInterface
  public interface Handler {
    void serve(RawHttp connection) throws IOException;
  }

  private final ServerSocket server;
  private final Thread acceptor;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final List<Thread> workers = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  private RawUpstream(Handler handler) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> acceptLoop(handler), "raw-upstream-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static RawUpstream serving(Handler handler) throws IOException {
    return new RawUpstream(handler);
  }

  /** Reads the request head, then closes without a byte of answer. */
  public static RawUpstream closingWithoutAnswer() throws IOException {
    return serving(RawHttp::readRequest);
  }

  /**
   * Answers every request with 200 and body {@code name}, keeping the connection; each answer
   * goes out in one write, so no upstream-side Nagle delay slows request-counting tests.
   */
  public static RawUpstream named(String name) throws IOException {
    return serving(connection -> {
      for (;;) {
        connection.readRequest();
        connection.send("HTTP/1.1 200 OK\r\ncontent-length: " + name.length() + "\r\n\r\n" + name);
      }
    });
  }

  private void acceptLoop(Handler handler) {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.incrementAndGet();
        accepted.add(socket);
        Thread worker = new Thread(() -> {
          try (RawHttp connection = RawHttp.over(socket)) {
            handler.serve(connection);
          } catch (IOException ignored) {
            // the peer went away: nothing to serve
          }
        }, "raw-upstream-connection");
        worker.setDaemon(true);
        workers.add(worker);
        worker.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  public int connections() {
    return connections.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : new ArrayList<>(accepted)) {
      socket.close();
    }
    try {
      acceptor.join(2_000);
      for (Thread worker : workers) {
        worker.join(2_000);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
