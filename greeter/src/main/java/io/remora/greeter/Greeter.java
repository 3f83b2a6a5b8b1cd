package io.remora.greeter;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seed lab's birthday greeter ({@code POST /hello/{username}}), the app that Remora's sidecar
 * fronts in the lab; it needs nothing beyond the JDK.
 */
public final class Greeter implements AutoCloseable {
  /** Enough for a lab app and a load test, small enough to stay out of the proxy's way. */
  private static final int WORKER_THREADS = 4;

  private final HttpServer server;
  private final ExecutorService executor;

  private Greeter(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts a greeter on {@code address} (port 0 picks a free port); {@code clock} decides what
   * day it is, in its zone.
   */
  public static Greeter start(InetSocketAddress address, Clock clock) throws IOException {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(clock, "clock");
    HttpServer server = HttpServer.create(address, 0);
    ExecutorService executor = Executors.newFixedThreadPool(WORKER_THREADS, workerThreads());
    server.createContext("/", new HelloHandler(clock));
    server.setExecutor(executor);
    server.start();
    return new Greeter(server, executor);
  }

  /** The port the greeter listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening and closes open connections at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs a greeter: {@code [--host HOST] [--port N]}, by default on 0.0.0.0:8080. */
  public static void main(String[] args) {
    if (GreeterOptions.asksForHelp(args)) {
      System.out.println(GreeterOptions.USAGE);
      return;
    }
    GreeterOptions options;
    try {
      options = GreeterOptions.parse(args);
    } catch (IllegalArgumentException badArguments) {
      System.err.println("greeter: " + badArguments.getMessage());
      System.err.println(GreeterOptions.USAGE);
      System.exit(2);
      return;
    }
    Greeter greeter;
    try {
      greeter = start(new InetSocketAddress(options.host(), options.port()), Clock.systemDefaultZone());
    } catch (IOException | RuntimeException cannotListen) {
      System.err.println(
          "greeter: cannot listen on " + options.host() + ":" + options.port() + ": " + cannotListen);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(greeter::close, "greeter-shutdown"));
    System.err.println(
        "greeter: listening on " + options.host() + ":" + greeter.port() + " (POST /hello/{username})");
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "greeter-" + count.incrementAndGet());
      // Daemon threads: an embedding process (remora demo) exits without closing the greeter.
      thread.setDaemon(true);
      return thread;
    };
  }
}
