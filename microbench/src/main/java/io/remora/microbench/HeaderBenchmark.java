package io.remora.microbench;

import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.remora.cluster.ClusterManager;
import io.remora.config.ConfigException;
import io.remora.config.ConfigLoader;
import io.remora.config.LoadedConfig;
import io.remora.filter.network.http_connection_manager.HttpConnectionManagerFactory;
import io.remora.http.DateHeader;
import io.remora.http.RequestIds;
import io.remora.internal.Transport;
import io.remora.listener.NetworkFilterContext;
import io.remora.listener.NetworkFilterFactory;
import io.remora.server.Server;
import io.remora.server.ServerState;
import io.remora.stats.Stats;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-request header work: decoding a typical request with the HTTP/1 decoder exactly as the
 * connection manager installs it, the header rewriting {@code ActiveStream.start} does, and a
 * whole request through the real connection manager (decoder, stream, router's
 * {@code direct_response}, encoder) on an {@link EmbeddedChannel}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class HeaderBenchmark {
  /** A browser-like request through a sidecar: 10 headers, about 560 bytes. */
  static final String TYPICAL_REQUEST = String.join("\r\n",
      "GET /api/v1/users/12345/orders?limit=20 HTTP/1.1",
      "Host: orders.default.svc.cluster.local:8080",
      "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
      "Accept: application/json, text/plain, */*",
      "Accept-Encoding: gzip, deflate, br",
      "Accept-Language: en-US,en;q=0.9",
      "Cookie: session=3f2a9c1e7b6d4e8f; theme=dark",
      "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl",
      "X-Forwarded-For: 203.0.113.7",
      "Traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "Connection: keep-alive",
      "", "");

  /**
   * {@code ActiveStream.stripHopByHop(HttpHeaders)}, private: reached through a method handle
   * so that this measures the proxy's code, not a copy. Setup fails loudly if it is renamed.
   */
  private static final MethodHandle STRIP_HOP_BY_HOP = stripHopByHop();

  private ByteBuf requestBytes;
  private EmbeddedChannel decoder;
  private EmbeddedChannel connection;
  private ClusterManager clusters;
  private HttpHeaders decodedHeaders;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    requestBytes = Unpooled.unreleasableBuffer(
        Unpooled.directBuffer().writeBytes(TYPICAL_REQUEST.getBytes(StandardCharsets.US_ASCII)));
    LoadedConfig config = Bootstraps.load(ConfigLoader.create(), """
        - name: all
          domains: ["*"]
          routes:
          - match: {prefix: "/"}
            direct_response: {status: 200, body: {inline_string: ok}}
        """);
    NetworkFilterFactory connectionManager = connectionManager(config);
    // The pipeline the connection manager installs, minus everything after the decoder.
    decoder = new EmbeddedChannel();
    connectionManager.install(decoder);
    decoder.pipeline().remove("hcm");
    decoder.pipeline().remove("http-encoder");
    connection = new LoopbackChannel();
    connectionManager.install(connection);
    connection.register();
    HttpRequest decoded = decode();
    decodedHeaders = decoded.headers();
    if (!"orders.default.svc.cluster.local:8080".equals(decodedHeaders.get("host"))) {
      throw new IllegalStateException("the decoder did not see the typical request: " + decoded);
    }
    String response = roundTripText();
    if (!response.startsWith("HTTP/1.1 200 OK") || !response.endsWith("ok")) {
      throw new IllegalStateException("the connection manager answered: " + response);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    decoder.finishAndReleaseAll();
    connection.finishAndReleaseAll();
    clusters.close();
  }

  /** Request line and headers into an {@link HttpRequest}, as the connection manager gets it. */
  @Benchmark
  public HttpRequest decode() {
    decoder.writeInbound(requestBytes.duplicate());
    HttpRequest request = decoder.readInbound();
    LastHttpContent end = decoder.readInbound();
    end.release();
    return request;
  }

  /** The baseline for {@link #rewrite}: a fresh copy of the decoded headers. */
  @Benchmark
  public HttpHeaders copyHeaders() {
    return decodedHeaders.copy();
  }

  /**
   * What {@code ActiveStream.start} does to every request's headers (on a fresh copy): drop
   * hop-by-hop headers, add {@code x-forwarded-proto} and a generated {@code x-request-id}.
   */
  @Benchmark
  public HttpHeaders rewrite() throws Throwable {
    HttpHeaders headers = decodedHeaders.copy();
    STRIP_HOP_BY_HOP.invokeExact(headers);
    if (!headers.contains("x-forwarded-proto")) {
      headers.set("x-forwarded-proto", "http");
    }
    if (!headers.contains("x-request-id")) {
      headers.set("x-request-id", RequestIds.next());
    }
    return headers;
  }

  @Benchmark
  public CharSequence requestId() {
    return RequestIds.next();
  }

  @Benchmark
  public CharSequence dateHeader() {
    return DateHeader.now();
  }

  /** One request through the real connection manager to a {@code direct_response}, and its response bytes. */
  @Benchmark
  public void roundTrip(Blackhole blackhole) {
    connection.writeInbound(requestBytes.duplicate());
    for (Object out; (out = connection.readOutbound()) != null; ) {
      blackhole.consume(out);
      ReferenceCountUtil.release(out);
    }
  }

  private String roundTripText() {
    connection.writeInbound(requestBytes.duplicate());
    StringBuilder text = new StringBuilder();
    for (Object out; (out = connection.readOutbound()) != null; ) {
      text.append(((ByteBuf) out).toString(StandardCharsets.US_ASCII));
      ReferenceCountUtil.release(out);
    }
    return text.toString();
  }

  private NetworkFilterFactory connectionManager(LoadedConfig config) throws ConfigException {
    Stats stats = new Stats();
    clusters = ClusterManager.build(config.bootstrap().getStaticResources().getClustersList(),
        "static_resources.clusters", config.positions(), stats, Transport.detect());
    NetworkFilterContext context = new NetworkFilterContext(clusters, stats, config.positions(),
        new ServerState(System.currentTimeMillis(), "bench", "bench"), Server.httpFilters(),
        (accessLog, path) -> {
          throw new ConfigException(path + ": the benchmark bootstrap has no access logs");
        });
    Filter filter = config.bootstrap().getStaticResources().getListeners(0).getFilterChains(0).getFilters(0);
    return new HttpConnectionManagerFactory().create(filter.getTypedConfig(), context,
        "static_resources.listeners[0].filter_chains[0].filters[0]");
  }

  private static MethodHandle stripHopByHop() {
    try {
      Class<?> activeStream =
          Class.forName("io.remora.filter.network.http_connection_manager.ActiveStream");
      return MethodHandles.privateLookupIn(activeStream, MethodHandles.lookup())
          .findStatic(activeStream, "stripHopByHop", MethodType.methodType(void.class, HttpHeaders.class));
    } catch (ReflectiveOperationException missing) {
      throw new IllegalStateException("ActiveStream.stripHopByHop(HttpHeaders) moved; update this benchmark",
          missing);
    }
  }

  /** An embedded channel with socket addresses, which the connection manager's streams expect. */
  private static final class LoopbackChannel extends EmbeddedChannel {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 10000);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 40000);

    LoopbackChannel() {
      super(false, false); // registered after the connection manager is installed, so it sees channelActive
    }

    @Override
    protected SocketAddress localAddress0() {
      return LOCAL;
    }

    @Override
    protected SocketAddress remoteAddress0() {
      return REMOTE;
    }
  }
}
