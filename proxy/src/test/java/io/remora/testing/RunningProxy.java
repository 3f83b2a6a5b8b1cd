package io.remora.testing;

import io.remora.config.ConfigException;
import io.remora.config.ConfigLoader;
import io.remora.config.LoadedConfig;
import io.remora.listener.Listener;
import io.remora.server.Options;
import io.remora.server.Server;
import java.net.InetSocketAddress;
import java.time.Duration;

/** A real Remora server started in this JVM from a YAML string, for tests; close it after. */
public final class RunningProxy implements AutoCloseable {
  private static final ConfigLoader LOADER = ConfigLoader.create();
  private final Server server;

  private RunningProxy(Server server) {
    this.server = server;
  }

  /** Loads, builds and starts; listeners may use port 0. Two event loops, as on the CI machine. */
  public static RunningProxy start(String yaml) throws Exception {
    return start(yaml, Options.defaults().withConcurrency(2));
  }

  /** Loads, builds and starts with the given options. */
  public static RunningProxy start(String yaml, Options options) throws Exception {
    LoadedConfig loaded = LOADER.loadString(yaml, "test.yaml");
    Server server = Server.build(loaded.bootstrap(), loaded.positions(), options);
    server.start();
    return new RunningProxy(server);
  }

  /** Builds without starting: the config error a user would see, or null if it is valid. */
  public static String configError(String yaml) {
    try {
      LoadedConfig loaded = LOADER.loadString(yaml, "test.yaml");
      Server.build(loaded.bootstrap(), loaded.positions(), Options.defaults()).close();
      return null;
    } catch (ConfigException invalid) {
      return invalid.getMessage();
    }
  }

  public Server server() {
    return server;
  }

  /** The bound address of the listener at {@code index}. */
  public InetSocketAddress listener(int index) {
    Listener listener = server.listenerManager().listeners().get(index);
    return listener.boundAddress();
  }

  /** {@code http://127.0.0.1:PORT} of the first listener. */
  public String url() {
    return "http://127.0.0.1:" + listener(0).getPort();
  }

  public int port() {
    return listener(0).getPort();
  }

  public long counter(String name) {
    var metric = server.stats().find(name);
    if (metric instanceof io.remora.stats.Counter counter) {
      return counter.value();
    }
    if (metric instanceof io.remora.stats.Gauge gauge) {
      return gauge.value();
    }
    return -1;
  }

  @Override
  public void close() {
    server.shutdown(Duration.ZERO);
  }
}
