package io.remora.server;

import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.remora.config.ConfigException;
import io.remora.config.ConfigLoader;
import io.remora.config.LoadedConfig;
import io.remora.greeter.Greeter;
import io.remora.listener.ListenerManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The {@code remora} command: {@code proxy} (Envoy's flags), {@code validate}, {@code greeter}
 * and {@code demo}. Arguments that start with an option go to {@code proxy}, so Remora runs
 * where Envoy ran with the same arguments ({@code remora -c envoy.yaml}).
 */
@Command(name = "remora", mixinStandardHelpOptions = true, version = "remora 0.1.0",
    description = "An Envoy-compatible sidecar proxy.",
    subcommands = {Main.Proxy.class, Main.Validate.class, Main.GreeterCommand.class, Main.Demo.class, Main.Train.class})
public final class Main implements Callable<Integer> {
  /**
   * The Envoy descriptor graph takes about half a second to build; it is started on its own
   * thread as soon as a command that needs it is seen, and overlaps with argument parsing,
   * logging set-up and the event loops' start.
   */
  private final CompletableFuture<ConfigLoader> loader;

  /** Typed configs nearly every config has; their descriptors are loaded with the Bootstrap's. */
  private static final String[] COMMON_TYPES = {
    "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
    "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router",
  };

  private Main(boolean needsConfig) {
    this.loader = needsConfig
        ? CompletableFuture.supplyAsync(() -> ConfigLoader.create().preload(COMMON_TYPES), runnable -> {
            Thread thread = new Thread(runnable, "remora-config-loader");
            thread.setDaemon(true);
            thread.start();
          })
        : null;
  }

  ConfigLoader loader() {
    return loader == null ? ConfigLoader.create() : loader.join();
  }

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  /** Exit code for a config the proxy cannot run, or a listener it cannot bind. */
  static final int EXIT_CONFIG = 1;

  public static void main(String[] args) {
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      // Netty samples one buffer in 128 with a stack trace to find leaks: a debugging aid
      // that costs CPU per request. Tests run with it at paranoid; set the property to keep it.
      io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
    }
    System.exit(run(args));
  }

  /** Runs a command line and returns the exit code; for tests too. */
  public static int run(String... args) {
    String[] effective = args;
    if (args.length > 0 && args[0].startsWith("-") && !isTopLevelFlag(args[0])) {
      effective = new String[args.length + 1];
      effective[0] = "proxy";
      System.arraycopy(args, 0, effective, 1, args.length);
    }
    boolean needsConfig =
        effective.length > 0 && Set.of("proxy", "validate", "demo", "train").contains(effective[0]);
    return new CommandLine(new Main(needsConfig)).setExecutionExceptionHandler(Main::internalError)
        .execute(effective);
  }

  /**
   * A bug, not a config error: one line for the user, the stack trace at debug level. Config
   * errors never get here; they are {@link ConfigException}s with their place in the file.
   */
  private static int internalError(Exception bug, CommandLine commandLine, CommandLine.ParseResult parsed) {
    log.debug("internal error", bug);
    commandLine.getErr().println("remora: internal error: " + bug
        + " (a bug in Remora; run with -l debug for the stack trace)");
    return EXIT_CONFIG;
  }

  private static boolean isTopLevelFlag(String arg) {
    return arg.equals("-h") || arg.equals("--help") || arg.equals("-V") || arg.equals("--version");
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  /** {@code remora proxy}: Envoy's command line. */
  @Command(name = "proxy", mixinStandardHelpOptions = true, description = "Run the proxy from an Envoy bootstrap.")
  static final class Proxy implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = {"-c", "--config-path"}, description = "Envoy bootstrap file (YAML or JSON).")
    Path configPath;

    @Option(names = "--config-yaml", description = "Bootstrap YAML given inline; merged over --config-path.")
    String configYaml;

    @Option(names = {"-l", "--log-level"}, defaultValue = "info",
        description = "trace, debug, info, warning, error, critical, off (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--mode", defaultValue = "serve", description = "serve or validate (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--service-node", defaultValue = "", description = "Local service node name.")
    String serviceNode;

    @Option(names = "--service-cluster", defaultValue = "", description = "Local service cluster name.")
    String serviceCluster;

    @Option(names = "--concurrency", description = "Worker event loops (default: cores).")
    Integer concurrency;

    @Option(names = "--drain-time-s", defaultValue = "5", description = "Seconds to drain on SIGTERM.")
    int drainSeconds;

    @Override
    public Integer call() {
      PrintWriter err = new PrintWriter(System.err, true);
      try {
        Logging.setLevel(logLevel);
      } catch (IllegalArgumentException bad) {
        err.println("remora: " + bad.getMessage());
        return 2;
      }
      if (!mode.equals("serve") && !mode.equals("validate")) {
        err.println("remora: unknown --mode '" + mode + "' (valid: serve, validate)");
        return 2;
      }
      if (configPath == null && configYaml == null) {
        err.println("remora: no config: give -c/--config-path FILE or --config-yaml YAML");
        return 2;
      }
      Options options = new Options(
          concurrency == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, concurrency),
          serviceNode, serviceCluster, Duration.ofSeconds(drainSeconds));
      try {
        LoadedConfig loaded = load(parent.loader(), configPath, configYaml);
        Server server = Server.build(loaded.bootstrap(), loaded.positions(), options);
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
  }

  /** {@code remora validate FILE} (or {@code -c FILE}): Envoy's {@code --mode validate}. */
  @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a config and exit 0 or 1.")
  static final class Validate implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Envoy bootstrap file.")
    Path positional;

    @Option(names = {"-c", "--config-path"}, description = "Envoy bootstrap file, as the proxy command takes it.")
    Path configPath;

    @Override
    public Integer call() {
      if ((positional == null) == (configPath == null)) {
        System.err.println("remora: give the config once: validate FILE, or validate -c FILE");
        return 2;
      }
      Path file = positional != null ? positional : configPath;
      try {
        Logging.setLevel("warning");
        LoadedConfig loaded = load(parent.loader(), file, null);
        Server.build(loaded.bootstrap(), loaded.positions(), Options.defaults()).close();
        System.out.println("configuration '" + file + "' OK");
        return 0;
      } catch (ConfigException invalid) {
        System.err.println(invalid.getMessage());
        return EXIT_CONFIG;
      }
    }
  }

  /** {@code remora greeter}: the seed lab's app. */
  @Command(name = "greeter", mixinStandardHelpOptions = true, description = "Run the lab's birthday greeter.")
  static final class GreeterCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address (default: ${DEFAULT-VALUE}).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
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
  }

  /** {@code remora demo}: the seed lab, greeter plus sidecar, from the lab's own config. */
  @Command(name = "demo", mixinStandardHelpOptions = true,
      description = "Run the seed lab: the greeter on 8080 behind a Remora sidecar on 80 (admin 8081).")
  static final class Demo implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--listener-port", defaultValue = "80", description = "Sidecar port (default: ${DEFAULT-VALUE}).")
    int listenerPort;

    @Option(names = "--admin-port", defaultValue = "8081", description = "Admin port (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--greeter-port", defaultValue = "8080", description = "Greeter port (default: ${DEFAULT-VALUE}).")
    int greeterPort;

    @Override
    public Integer call() throws IOException {
      PrintWriter err = new PrintWriter(System.err, true);
      String yaml = labYaml();
      Greeter greeter;
      try {
        greeter = Greeter.start(new InetSocketAddress("127.0.0.1", greeterPort), Clock.systemDefaultZone());
      } catch (IOException busy) {
        err.println("remora demo: cannot start the greeter on 127.0.0.1:" + greeterPort + ": " + busy.getMessage()
            + ". Try: ./remora demo --greeter-port 18080");
        return EXIT_CONFIG;
      }
      try {
        LoadedConfig loaded = parent.loader().loadString(yaml, "examples/lab/envoy.yaml");
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
  }

  /**
   * {@code remora train} (hidden): starts the lab on ephemeral ports, proxies one request and
   * reads admin, then stops. The launcher runs it once with {@code -XX:ArchiveClassesAtExit} so
   * that later starts load their classes from a class-data archive.
   */
  @Command(name = "train", hidden = true, description = "Exercise the proxy once (for the class-data archive).")
  static final class Train implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Override
    public Integer call() throws Exception {
      Logging.setLevel("warning");
      String yaml = labYaml();
      try (Greeter greeter = Greeter.start(new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC())) {
        LoadedConfig loaded = parent.loader().loadString(yaml, "examples/lab/envoy.yaml");
        Bootstrap bootstrap = DemoConfig.withPorts(loaded.bootstrap(), 0, 0, greeter.port());
        Server server = Server.build(bootstrap, loaded.positions(), Options.defaults().withConcurrency(1));
        server.start();
        try {
          int port = server.listenerManager().listeners().get(0).boundAddress().getPort();
          String body = "{\"dateOfBirth\":\"2000-01-01\"}";
          exchange(port, "POST /hello/remora HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
              + "\r\nConnection: close\r\n\r\n" + body);
          int admin = server.adminAddress().getPort();
          for (String path : new String[] {"/ready", "/stats", "/stats/prometheus", "/clusters", "/server_info"}) {
            exchange(admin, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
          }
        } finally {
          server.shutdown(Duration.ZERO);
        }
      }
      return 0;
    }

    private static void exchange(int port, String request) throws IOException {
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        socket.getInputStream().readAllBytes();
      }
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
      return new LoadedConfig(merged, base.positions(), base.warnings());
    }
    return file != null ? loader.load(file) : loader.loadString(yaml, "--config-yaml");
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
      log.info("remora stopping: draining for up to {} ms", drainTime.toMillis());
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
