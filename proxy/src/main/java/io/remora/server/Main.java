package io.remora.server;

import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.remora.config.ConfigException;
import io.remora.config.ConfigLoader;
import io.remora.config.LoadedConfig;
import io.remora.config.Positions;
import io.remora.greeter.Greeter;
import io.remora.listener.ListenerManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * The {@code remora} command: {@code proxy} (Envoy's flags), {@code validate}, {@code greeter}
 * and {@code demo}. Arguments that start with an option go to {@code proxy}, so Remora runs
 * where Envoy ran with the same arguments ({@code remora -c envoy.yaml}).
 */
public final class Main {
  private static final String VERSION = "remora 0.1.0";

  /** Typed configs nearly every config has; their descriptors are loaded with the Bootstrap's. */
  private static final String[] COMMON_TYPES = {
    "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
    "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
  };

  private static final CommandSpec.Option CONFIG_PATH =
      CommandSpec.Option.value("-c", "--config-path", "FILE", null, "Envoy bootstrap file (YAML or JSON).");
  private static final CommandSpec.Option CONFIG_YAML =
      CommandSpec.Option.value(null, "--config-yaml", "YAML", null, "Bootstrap YAML given inline; merged over --config-path.");
  private static final CommandSpec.Option LOG_LEVEL = CommandSpec.Option.value("-l", "--log-level", "LEVEL", "info",
      "trace, debug, info, warning, error, critical, off.");
  private static final CommandSpec.Option MODE =
      CommandSpec.Option.value(null, "--mode", "MODE", "serve", "serve or validate.");
  private static final CommandSpec.Option SERVICE_NODE =
      CommandSpec.Option.value(null, "--service-node", "NAME", "", "Local service node name.");
  private static final CommandSpec.Option SERVICE_CLUSTER =
      CommandSpec.Option.value(null, "--service-cluster", "NAME", "", "Local service cluster name.");
  private static final CommandSpec.Option CONCURRENCY =
      CommandSpec.Option.value(null, "--concurrency", "N", null, "Worker event loops (default: cores).");
  private static final CommandSpec.Option DRAIN_TIME =
      CommandSpec.Option.value(null, "--drain-time-s", "SECONDS", "5", "Seconds to drain on SIGTERM.");
  private static final CommandSpec PROXY = new CommandSpec("proxy", "Run the proxy from an Envoy bootstrap.", false,
      List.of(CONFIG_PATH, CONFIG_YAML, LOG_LEVEL, MODE, SERVICE_NODE, SERVICE_CLUSTER, CONCURRENCY, DRAIN_TIME), null);

  private static final CommandSpec.Option VALIDATE_CONFIG_PATH = CommandSpec.Option.value("-c", "--config-path", "FILE",
      null, "Envoy bootstrap file, as the proxy command takes it.");
  private static final CommandSpec VALIDATE = new CommandSpec("validate", "Check a config and exit 0 or 1.", false,
      List.of(VALIDATE_CONFIG_PATH), new CommandSpec.Positional("FILE", "Envoy bootstrap file."));

  private static final CommandSpec.Option PORT = CommandSpec.Option.value(null, "--port", "PORT", "8080", "Port.");
  private static final CommandSpec.Option HOST = CommandSpec.Option.value(null, "--host", "ADDRESS", "0.0.0.0", "Address.");
  private static final CommandSpec GREETER = new CommandSpec("greeter", "Run the lab's birthday greeter.", false,
      List.of(PORT, HOST), null);

  private static final CommandSpec.Option LISTENER_PORT =
      CommandSpec.Option.value(null, "--listener-port", "PORT", "80", "Sidecar port.");
  private static final CommandSpec.Option ADMIN_PORT =
      CommandSpec.Option.value(null, "--admin-port", "PORT", "8081", "Admin port.");
  private static final CommandSpec.Option GREETER_PORT =
      CommandSpec.Option.value(null, "--greeter-port", "PORT", "8080", "Greeter port.");
  private static final CommandSpec DEMO = new CommandSpec("demo",
      "Run the seed lab: the greeter on 8080 behind a Remora sidecar on 80 (admin 8081).", false,
      List.of(LISTENER_PORT, ADMIN_PORT, GREETER_PORT), null);

  private static final CommandSpec TRAIN = new CommandSpec("train",
      "Exercise the proxy once (for the class-data archive).", true, List.of(), null);

  private static final CommandSpec NATIVES = new CommandSpec("natives",
      "Copy the jar's native transport libraries into DIR (for java.library.path).", true, List.of(),
      new CommandSpec.Positional("DIR", "Directory to copy them into."));

  private static final List<CommandSpec> COMMANDS = List.of(PROXY, VALIDATE, GREETER, DEMO, TRAIN, NATIVES);

  /**
   * Starts building the loader's Envoy descriptors (~60-70 ms of CPU, from the bundle of
   * EnvoyDescriptors) on its own thread, to overlap with the JVM's start and reading the config
   * where a second core is free. Called once
   * logging is set up: SLF4J initialised from two threads at once hands one of them a stand-in.
   */
  private static CompletableFuture<ConfigLoader> startLoader() {
    return CompletableFuture.supplyAsync(() -> ConfigLoader.create().preload(COMMON_TYPES), runnable -> {
      Thread thread = new Thread(runnable, "remora-config-loader");
      thread.setDaemon(true);
      thread.start();
    });
  }

  /** {@code remora natives DIR}: see {@link NativeLibraries}. */
  private static int natives(CommandSpec.Parsed parsed) throws IOException {
    Path jar = NativeLibraries.ownJar();
    if (parsed.positional() == null || jar == null) {
      System.err.println("remora natives: needs a DIR, and runs only from remora.jar");
      return CommandSpec.EXIT_USAGE;
    }
    NativeLibraries.copyOut(jar, Path.of(parsed.positional()));
    return 0;
  }

  /** Exit code for a config the proxy cannot run, or a listener it cannot bind. */
  static final int EXIT_CONFIG = 1;

  public static void main(String[] args) {
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      // Netty 4.2's adaptive allocator defines JDK Flight Recorder events. Their first use,
      // at the first request, registers them with JFR, which starts JFR's metadata machinery
      // and generates event classes: ~180 ms of CPU on the first request even when nothing
      // records. Off unless the property is set (true keeps Netty's allocator events).
      System.setProperty("io.netty.jfr.enabled", "false");
    }
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      // Netty samples one buffer in 128 with a stack trace to find leaks: a debugging aid
      // that costs CPU per request. Tests run with it at paranoid; set the property to keep it.
      io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
    }
    System.exit(run(args));
  }

  /** Runs a command line and returns the exit code; for tests too. */
  public static int run(String... args) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      System.out.print(usage());
      return 0;
    }
    if (args[0].equals("-V") || args[0].equals("--version")) {
      System.out.println(VERSION);
      return 0;
    }
    List<String> rest = List.of(args);
    String name = "proxy";
    if (!args[0].startsWith("-")) {
      name = args[0];
      rest = rest.subList(1, rest.size());
    }
    CommandSpec command = null;
    for (CommandSpec candidate : COMMANDS) {
      if (candidate.name().equals(name)) {
        command = candidate;
      }
    }
    if (command == null) {
      System.err.println("remora: unknown command '" + name + "' (commands: proxy, validate, greeter, demo; see remora --help)");
      return CommandSpec.EXIT_USAGE;
    }
    try {
      CommandSpec.Parsed parsed = command.parse(rest);
      if (parsed.has(CommandSpec.HELP)) {
        System.out.print(command.usage());
        return 0;
      }
      if (parsed.has(CommandSpec.VERSION)) {
        System.out.println(VERSION);
        return 0;
      }
      if (command == PROXY) {
        return proxy(parsed);
      } else if (command == VALIDATE) {
        return validate(parsed);
      } else if (command == GREETER) {
        return greeter(parsed);
      } else if (command == DEMO) {
        return demo(parsed);
      } else if (command == NATIVES) {
        return natives(parsed);
      }
      return train();
    } catch (CommandSpec.UsageError usage) {
      System.err.println("remora " + command.name() + ": " + usage.getMessage() + " (see remora " + command.name()
          + " --help)");
      return CommandSpec.EXIT_USAGE;
    } catch (Exception bug) {
      return internalError(bug);
    }
  }

  /** The top-level help: the commands and where Envoy's flags go. */
  static String usage() {
    StringBuilder text = new StringBuilder("Usage: remora [-h] [-V] COMMAND [OPTIONS]\n")
        .append("An Envoy-compatible sidecar proxy. Envoy's flags with no command run 'proxy'.\n\nCommands:\n");
    List<String[]> rows = new ArrayList<>();
    for (CommandSpec command : COMMANDS) {
      if (!command.hidden()) {
        rows.add(new String[] {command.name(), command.description()});
      }
    }
    CommandSpec.appendTable(text, rows);
    text.append("\nOptions:\n");
    CommandSpec.appendTable(text, List.of(new String[] {CommandSpec.HELP.names(), CommandSpec.HELP.description()},
        new String[] {CommandSpec.VERSION.names(), CommandSpec.VERSION.description()}));
    return text.toString();
  }

  /**
   * A bug, not a config error: one line for the user, the stack trace at debug level. Config
   * errors never get here; they are {@link ConfigException}s with their place in the file.
   */
  private static int internalError(Exception bug) {
    LoggerFactory.getLogger(Main.class).debug("internal error", bug);
    System.err.println("remora: internal error: " + bug + " (a bug in Remora; run with -l debug for the stack trace)");
    return EXIT_CONFIG;
  }

  /** {@code remora proxy}: Envoy's command line. */
  private static int proxy(CommandSpec.Parsed parsed) throws CommandSpec.UsageError {
    PrintWriter err = new PrintWriter(System.err, true);
    try {
      Logging.setLevel(parsed.get(LOG_LEVEL));
    } catch (IllegalArgumentException bad) {
      err.println("remora: " + bad.getMessage());
      return CommandSpec.EXIT_USAGE;
    }
    String mode = parsed.get(MODE);
    if (!mode.equals("serve") && !mode.equals("validate")) {
      err.println("remora: unknown --mode '" + mode + "' (valid: serve, validate)");
      return CommandSpec.EXIT_USAGE;
    }
    String configPathText = parsed.get(CONFIG_PATH);
    String configYaml = parsed.get(CONFIG_YAML);
    if (configPathText == null && configYaml == null) {
      err.println("remora: no config: give -c/--config-path FILE or --config-yaml YAML");
      return CommandSpec.EXIT_USAGE;
    }
    Path configPath = configPathText == null ? null : Path.of(configPathText);
    Integer concurrency = parsed.integer(CONCURRENCY);
    int drainSeconds = parsed.integer(DRAIN_TIME);
    CompletableFuture<ConfigLoader> loader = startLoader();
    Options options = new Options(
        concurrency == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, concurrency),
        parsed.get(SERVICE_NODE), parsed.get(SERVICE_CLUSTER), Duration.ofSeconds(drainSeconds));
    try {
      Server server = build(loader, configPath, configYaml, options);
      if (mode.equals("validate")) {
        server.close();
        System.out.println("configuration '" + (configPath != null ? configPath : "--config-yaml") + "' OK");
        return 0;
      }
      return serve(server, options.drainTime(), err);
    } catch (ConfigException invalid) {
      err.println(invalid.getMessage());
      return EXIT_CONFIG;
    }
  }

  /** {@code remora validate FILE} (or {@code -c FILE}): Envoy's {@code --mode validate}. */
  private static int validate(CommandSpec.Parsed parsed) {
    String positional = parsed.positional();
    String configPath = parsed.get(VALIDATE_CONFIG_PATH);
    if ((positional == null) == (configPath == null)) {
      System.err.println("remora: give the config once: validate FILE, or validate -c FILE");
      return CommandSpec.EXIT_USAGE;
    }
    Path file = Path.of(positional != null ? positional : configPath);
    try {
      Logging.setLevel("warning");
      LoadedConfig loaded = load(ConfigLoader.create(), file, null);
      Server.build(loaded.bootstrap(), loaded.positions(), Options.defaults()).close();
      System.out.println("configuration '" + file + "' OK");
      return 0;
    } catch (ConfigException invalid) {
      System.err.println(invalid.getMessage());
      return EXIT_CONFIG;
    }
  }

  /** {@code remora greeter}: the seed lab's app. */
  private static int greeter(CommandSpec.Parsed parsed) throws CommandSpec.UsageError, InterruptedException {
    String host = parsed.get(HOST);
    int port = parsed.integer(PORT);
    Greeter greeter;
    try {
      greeter = Greeter.start(new InetSocketAddress(host, port), Clock.systemDefaultZone());
    } catch (IOException | RuntimeException cannotListen) {
      System.err.println("greeter: cannot listen on " + host + ":" + port + ": " + cannotListen.getMessage());
      return EXIT_CONFIG;
    }
    System.err.println("greeter: listening on " + host + ":" + greeter.port() + " (POST /hello/{username})");
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Signals.onTerminate(() -> {
      greeter.close();
      stopped.countDown();
    });
    stopped.await();
    return 0;
  }

  /** {@code remora demo}: the seed lab, greeter plus sidecar, from the lab's own config. */
  private static int demo(CommandSpec.Parsed parsed) throws CommandSpec.UsageError, IOException {
    int listenerPort = parsed.integer(LISTENER_PORT);
    int adminPort = parsed.integer(ADMIN_PORT);
    int greeterPort = parsed.integer(GREETER_PORT);
    PrintWriter err = new PrintWriter(System.err, true);
    String yaml = labYaml();
    Logging.setLevel("info");
    CompletableFuture<ConfigLoader> loader = startLoader();
    Greeter greeter;
    try {
      greeter = Greeter.start(new InetSocketAddress("127.0.0.1", greeterPort), Clock.systemDefaultZone());
    } catch (IOException busy) {
      err.println("remora demo: cannot start the greeter on 127.0.0.1:" + greeterPort + ": " + busy.getMessage()
          + ". Try: ./remora demo --greeter-port 18080");
      return EXIT_CONFIG;
    }
    try {
      LoadedConfig loaded = loader.join().loadString(yaml, "examples/lab/envoy.yaml");
      Bootstrap bootstrap = DemoConfig.withPorts(loaded.bootstrap(), listenerPort, adminPort, greeterPort);
      Server server = Server.build(bootstrap, loaded.positions(), Options.defaults());
      String base = "localhost" + (listenerPort == 80 ? "" : ":" + listenerPort);
      Runnable banner = () -> {
        System.out.println();
        System.out.println("The seed lab is running: the greeter on 127.0.0.1:" + greeter.port()
            + ", the Remora sidecar on :" + listenerPort + ", admin on :" + adminPort + ". Try:");
        System.out.println("  curl -XPOST --data '{\"dateOfBirth\":\"2020-01-25\"}' localhost:" + greeter.port()
            + "/hello/abohmeed     # the app directly");
        System.out.println("  curl -XPOST --data '{\"dateOfBirth\":\"2020-01-25\"}' " + base
            + "/hello/abohmeed     # through the sidecar");
        System.out.println("  curl localhost:" + adminPort + "/stats          # the sidecar's stats");
        System.out.println("  curl localhost:" + adminPort + "/clusters       # cluster and host state");
        System.out.println("Press Ctrl-C to stop both.");
      };
      return serve(server, Duration.ofSeconds(1), err, greeter, banner);
    } catch (ConfigException invalid) {
      greeter.close();
      err.println(invalid.getMessage());
      return EXIT_CONFIG;
    }
  }

  /**
   * {@code remora train} (hidden): runs the start-up path of {@code remora proxy -c FILE} on a
   * v3 config (the shape the benchmarks use: a static cluster, flow-style YAML) on ephemeral
   * ports with one proxied request and a few admin reads, then stops. The launcher runs it once with
   * {@code -XX:ArchiveClassesAtExit} so that later starts map these classes from a class-data
   * archive instead of loading and verifying them.
   */
  private static int train() throws Exception {
    Logging.setLevel("warning");
    // A raw socket upstream rather than the greeter: the archive then holds what a proxy
    // loads and not the greeter's classes, whose pages a proxy would map anyway (~3 MiB RSS).
    try (TrainUpstream upstream = new TrainUpstream()) {
      Path config = Files.createTempFile("remora-train", ".yaml");
      try {
        Files.writeString(config, TRAIN_YAML.replace("UPSTREAM_PORT", Integer.toString(upstream.port())));
        CompletableFuture<ConfigLoader> loader = startLoader();
        LoadedConfig loaded = load(loader.join(), config, null);
        exercise(Server.build(loaded.bootstrap(), loaded.positions(), Options.defaults().withConcurrency(1)));
        // Only the v3 proxy path: archiving the v2 lab path too (translation, DNS) made the
        // archive cost ~10 MiB more RSS in every proxy (98 against 88 MiB idle, same start-up
        // time), for a faster start of the demo alone.
      } finally {
        Files.deleteIfExists(config);
      }
    }
    return 0;
  }

  /**
   * The training run's upstream: answers every HTTP/1.1 request on a connection with a 2-byte
   * 200, reading a Content-Length body first. One thread, one connection at a time (the
   * training sends its requests one after another).
   */
  private static final class TrainUpstream implements AutoCloseable {
    private final java.net.ServerSocket socket;
    private final Thread thread;

    TrainUpstream() throws IOException {
      socket = new java.net.ServerSocket(0, 8, java.net.InetAddress.getLoopbackAddress());
      thread = new Thread(this::serve, "remora-train-upstream");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (java.net.Socket connection = socket.accept()) {
          InputStream in = new java.io.BufferedInputStream(connection.getInputStream());
          String head;
          while ((head = readHead(in)) != null) {
            int length = 0;
            for (String line : head.split("\r\n")) {
              if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
              }
            }
            in.readNBytes(length);
            connection.getOutputStream().write(
                "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
          }
        } catch (IOException | RuntimeException e) {
          // Closed at the end of training, or a connection the proxy dropped: next one.
        }
      }
    }

    /** The request head up to its blank line, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      int b;
      while ((b = in.read()) >= 0) {
        head.append((char) b);
        if (b == '\n' && head.indexOf("\r\n\r\n", head.length() - 4) >= 0) {
          return head.toString();
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A v3 bootstrap in the shape of bench/remora-http1.yaml, on ephemeral ports. */
  private static final String TRAIN_YAML = """
      admin:
        address:
          socket_address: { address: 127.0.0.1, port_value: 0 }
      static_resources:
        listeners:
        - name: train
          address:
            socket_address: { address: 127.0.0.1, port_value: 0 }
          filter_chains:
          - filters:
            - name: envoy.filters.network.http_connection_manager
              typed_config:
                "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                stat_prefix: train
                route_config:
                  name: train
                  virtual_hosts:
                  - name: backend
                    domains: ["*"]
                    routes:
                    - match: { prefix: "/" }
                      route: { cluster: backend }
                http_filters:
                - name: envoy.filters.http.router
                  typed_config:
                    "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router
        clusters:
        - name: backend
          type: STATIC
          connect_timeout: 1s
          load_assignment:
            cluster_name: backend
            endpoints:
            - lb_endpoints:
              - endpoint:
                  address:
                    socket_address: { address: 127.0.0.1, port_value: UPSTREAM_PORT }
      """;

  /** Starts the server, proxies a GET and a POST, reads admin pages, and stops it. */
  private static void exercise(Server server) throws Exception {
    server.start();
    try {
      int port = server.listenerManager().listeners().get(0).boundAddress().getPort();
      exchange(port, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      String body = "{\"dateOfBirth\":\"2000-01-01\"}";
      exchange(port, "POST /hello/remora HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
          + "\r\nConnection: close\r\n\r\n" + body);
      int admin = server.adminAddress().getPort();
      for (String path : new String[] {"/ready", "/stats"}) {
        exchange(admin, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
      }
    } finally {
      server.shutdown(Duration.ZERO);
    }
  }

  private static void exchange(int port, String request) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      socket.getInputStream().readAllBytes();
    }
  }

  /** The seed lab's sidecar config, as shipped in examples/lab/envoy.yaml. */
  static String labYaml() throws IOException {
    try (InputStream in = Main.class.getResourceAsStream("/lab/envoy.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static LoadedConfig load(ConfigLoader loader, Path file, String yaml) throws ConfigException {
    if (file != null && yaml != null) {
      LoadedConfig base = loader.load(file);
      LoadedConfig overlay = loader.loadString(yaml, "--config-yaml");
      Bootstrap merged = base.bootstrap().toBuilder().mergeFrom(overlay.bootstrap()).build();
      // Places from the file; but not the fields each message set (base.positions() knows
      // them for the file alone), so that the overlay's fields are checked too.
      Positions places = base.positions()::describe;
      return new LoadedConfig(merged, places, base.warnings());
    }
    return file != null ? loader.load(file) : loader.loadString(yaml, "--config-yaml");
  }

  /**
   * Loads and builds in a frame of its own: the loaded config's places (a YAML mark and the
   * fields set for every message) are needed only for errors while building, and a local
   * variable of {@code proxy}, which runs until shutdown, would keep them for the process's
   * life (a config with 10,000 routes: ~60 MB of heap).
   */
  private static Server build(CompletableFuture<ConfigLoader> loader, Path configPath, String configYaml,
      Options options) throws ConfigException {
    LoadedConfig loaded = load(loader.join(), configPath, configYaml);
    Server server = Server.build(loaded.bootstrap(), loaded.positions(), options);
    loaded = null; // this frame is still live during the collection below
    returnLoadHeap();
    return server;
  }

  /** Above this much committed heap after a build, the load's garbage is worth a collection. */
  private static final long LOAD_HEAP_RETURN_BYTES = 64L << 20;

  /**
   * Reading a large config needs far more heap than the built server keeps (10,000 routes:
   * the heap grows to ~127 MB while loading, ~19 MB stays live), and the JVM would keep the
   * grown heap resident for the process's life. One full collection before serving, with the
   * launcher's -XX:-ShrinkHeapInSteps, hands the surplus back at once: RSS 209 -> 148 MB
   * for that config. Small configs never reach the threshold, so their start-up pays nothing.
   */
  private static void returnLoadHeap() {
    if (Runtime.getRuntime().totalMemory() > LOAD_HEAP_RETURN_BYTES) {
      System.gc();
    }
  }

  private static int serve(Server server, Duration drainTime, PrintWriter err) {
    return serve(server, drainTime, err, null, () -> { });
  }

  private static int serve(Server server, Duration drainTime, PrintWriter err, AutoCloseable companion,
      Runnable onStarted) {
    try {
      server.start();
    } catch (ListenerManager.BindFailure failure) {
      closeQuietly(companion);
      err.println(bindFailureMessage(failure, companion != null));
      return EXIT_CONFIG;
    }
    Signals.onTerminate(() -> {
      LoggerFactory.getLogger(Main.class).info("remora stopping: draining for up to {} ms", drainTime.toMillis());
      server.shutdown(drainTime);
      closeQuietly(companion);
    });
    onStarted.run();
    try {
      server.awaitStopped();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    closeQuietly(companion);
    return 0;
  }

  /** The one line a user sees when a listener cannot bind; a hint for low ports without root. */
  static String bindFailureMessage(ListenerManager.BindFailure failure, boolean demo) {
    return "remora: " + failure.getMessage()
        + (failure.permissionDenied()
            ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)."
                + (demo ? " Try: ./remora demo --listener-port 10000" : "")
            : "");
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Shutting down: nothing more to do with it.
    }
  }
}
