package io.remora.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;
import io.envoyproxy.envoy.admin.v3.Clusters;
import io.envoyproxy.envoy.admin.v3.HostStatus;
import io.envoyproxy.envoy.admin.v3.Listeners;
import io.envoyproxy.envoy.admin.v3.Memory;
import io.envoyproxy.envoy.admin.v3.ServerInfo;
import io.envoyproxy.envoy.admin.v3.SimpleMetric;
import io.remora.cluster.Host;
import io.remora.config.ConfigLoader;
import io.remora.config.LoadedConfig;
import io.remora.listener.ListenerManager;
import io.remora.server.Logging;
import io.remora.server.Options;
import io.remora.server.Server;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin endpoints against a real Remora, a real upstream and a real HTTP client. */
class AdminServerTest {
  private static final String ADMIN = """
      admin:
        address:
          socket_address: { address: 127.0.0.1, port_value: 0 }
      """;

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private HttpServer upstream;

  @TempDir
  Path tmp;

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
    if (upstream != null) {
      upstream.stop(0);
    }
    Logging.setLevel("info");
  }

  /** A proxy with one HTTP listener routing everything to a JDK HTTP server that answers 200. */
  private String proxyConfig(String admin) throws IOException {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    upstream.createContext("/", exchange -> {
      byte[] body = "hello\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    upstream.start();
    return admin + """
        static_resources:
          listeners:
          - name: ingress
            address:
              socket_address: { address: 127.0.0.1, port_value: 0 }
            filter_chains:
            - filters:
              - name: envoy.filters.network.http_connection_manager
                typed_config:
                  "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
                  stat_prefix: ingress_http
                  route_config:
                    virtual_hosts:
                    - name: all
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
            connect_timeout: 1s
            type: STATIC
            load_assignment:
              cluster_name: backend
              endpoints:
              - lb_endpoints:
                - endpoint:
                    address:
                      socket_address: { address: 127.0.0.1, port_value: %d }
        """.formatted(upstream.getAddress().getPort());
  }

  private Server start(String yaml) throws Exception {
    Server server = build(yaml);
    server.start();
    return server;
  }

  private Server build(String yaml) throws Exception {
    LoadedConfig loaded = ConfigLoader.create().loadString(yaml, "test.yaml");
    Server server = Server.build(loaded.bootstrap(), loaded.positions(),
        new Options(1, "", "", Duration.ofMillis(200)));
    closeables.add(server);
    return server;
  }

  private HttpResponse<String> get(Server server, String path) throws Exception {
    return send(server, "GET", path);
  }

  private HttpResponse<String> post(Server server, String path) throws Exception {
    return send(server, "POST", path);
  }

  private HttpResponse<String> send(Server server, String method, String path) throws Exception {
    InetSocketAddress admin = server.adminAddress();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.getPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void assertAnswer(HttpResponse<String> response, int status, String body) {
    assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
    assertThat(response.body()).as(response.uri().toString()).isEqualTo(body);
  }

  /** One request through the listener to the upstream. */
  private HttpResponse<String> proxied(Server server, String path) throws Exception {
    int port = server.listenerManager().listeners().get(0).boundAddress().getPort();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void readyHelpIndexAndUnknownPathsAnswerAsEnvoy() throws Exception {
    Server server = start(proxyConfig(ADMIN));

    HttpResponse<String> ready = get(server, "/ready");
    assertAnswer(ready, 200, "LIVE\n");
    assertThat(ready.headers().firstValue("content-type")).hasValue("text/plain; charset=UTF-8");
    assertThat(ready.headers().firstValue("cache-control")).hasValue("no-cache, max-age=0");
    assertThat(ready.headers().firstValue("x-content-type-options")).hasValue("nosniff");

    HttpResponse<String> help = get(server, "/help");
    assertThat(help.body()).startsWith("admin commands are:\n  /: Admin home page\n")
        .contains("  /quitquitquit (POST): exit the server\n", "  /stats/prometheus: print server stats");

    HttpResponse<String> home = get(server, "/");
    assertThat(home.headers().firstValue("content-type")).hasValue("text/html; charset=UTF-8");
    assertThat(home.body()).contains("<a href='/stats'>stats</a>", "action='/quitquitquit' method='post'");

    HttpResponse<String> unknown = get(server, "/nope");
    assertAnswer(unknown, 404, "invalid path. " + help.body());
  }

  @Test
  void getOnEndpointsThatChangeTheServerIsRefusedWith405() throws Exception {
    Server server = start(proxyConfig(ADMIN));
    for (String path : List.of("/healthcheck/fail", "/healthcheck/ok", "/logging", "/reset_counters",
        "/quitquitquit", "/drain_listeners")) {
      HttpResponse<String> response = get(server, path);
      assertAnswer(response, 405, "Method GET not allowed, POST required.");
    }
    assertThat(server.state().healthCheckFailed()).isFalse();
    assertThat(get(server, "/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void healthcheckFailTurnsReadyToDrainingAndOkBack() throws Exception {
    Server server = start(proxyConfig(ADMIN));

    HttpResponse<String> fail = post(server, "/healthcheck/fail");
    assertAnswer(fail, 200, "OK\n");
    assertThat(server.state().healthCheckFailed()).isTrue();
    HttpResponse<String> ready = get(server, "/ready");
    assertAnswer(ready, 503, "DRAINING\n");

    assertThat(post(server, "/healthcheck/ok").body()).isEqualTo("OK\n");
    assertThat(get(server, "/ready").body()).isEqualTo("LIVE\n");
  }

  @Test
  void statsClustersAndPrometheusCountARealProxiedRequest() throws Exception {
    Server server = start(proxyConfig(ADMIN));
    HttpResponse<String> proxied = proxied(server, "/hello");
    assertAnswer(proxied, 200, "hello\n");

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(get(server, "/stats").body()).contains("http.ingress_http.downstream_rq_2xx: 1\n"));
    String stats = get(server, "/stats").body();
    assertThat(stats).contains(
        "cluster.backend.upstream_rq_total: 1\n",
        "cluster.backend.upstream_rq_200: 1\n",
        "cluster.backend.upstream_rq_2xx: 1\n",
        "server.live: 1\n");
    assertThat(stats).containsPattern(
        "\ncluster\\.backend\\.upstream_rq_time: P0\\((nan|\\d+(\\.\\d+)?),\\d+(\\.\\d+)?\\) P25\\(.*\\) P50\\(.*\\) "
            + "P75\\(.*\\) P90\\(.*\\) P95\\(.*\\) P99\\(.*\\) P99\\.5\\(.*\\) P99\\.9\\(.*\\) P100\\(.*\\)\n");
    int lastCounter = stats.lastIndexOf("server.uptime: ");
    assertThat(stats.indexOf("cluster.backend.upstream_rq_time: ")).isGreaterThan(lastCounter);
    // The interval has been read already: a second read shows an empty interval as nan.
    assertThat(get(server, "/stats?filter=upstream_rq_time$").body())
        .matches("cluster\\.backend\\.upstream_rq_time: P0\\(nan,\\d+\\) P25\\(nan,\\d+\\)[^\n]*\n");

    String clusters = get(server, "/clusters").body();
    String host = "backend::127.0.0.1:" + upstream.getAddress().getPort() + "::";
    assertThat(clusters).startsWith(
        "backend::default_priority::max_connections::1024\n"
            + "backend::default_priority::max_pending_requests::1024\n"
            + "backend::default_priority::max_requests::1024\n"
            + "backend::default_priority::max_retries::3\n"
            + "backend::high_priority::max_connections::1024\n"
            + "backend::high_priority::max_pending_requests::1024\n"
            + "backend::high_priority::max_requests::1024\n"
            + "backend::high_priority::max_retries::3\n"
            + "backend::added_via_api::false\n"
            + host + "cx_active::");
    assertThat(clusters).contains(
        host + "cx_connect_fail::0\n" + host + "cx_total::1\n" + host + "rq_active::0\n" + host + "rq_error::0\n"
            + host + "rq_success::1\n" + host + "rq_timeout::0\n" + host + "rq_total::1\n" + host + "hostname::\n"
            + host + "health_flags::healthy\n" + host + "weight::1\n" + host + "region::\n" + host + "zone::\n"
            + host + "sub_zone::\n" + host + "canary::false\n" + host + "priority::0\n"
            + host + "success_rate::-1\n" + host + "local_origin_success_rate::-1\n");

    HttpResponse<String> json = get(server, "/clusters?format=json");
    assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
    Clusters.Builder parsed = Clusters.newBuilder();
    JsonFormat.parser().merge(json.body(), parsed);
    HostStatus hostStatus = parsed.getClusterStatuses(0).getHostStatuses(0);
    assertThat(parsed.getClusterStatuses(0).getName()).isEqualTo("backend");
    assertThat(hostStatus.getAddress().getSocketAddress().getPortValue()).isEqualTo(upstream.getAddress().getPort());
    assertThat(hostStatus.getStatsList()).contains(
        SimpleMetric.newBuilder().setName("rq_total").setValue(1).build(),
        SimpleMetric.newBuilder().setName("rq_success").setValue(1).build());
    assertThat(json.body()).contains("\"eds_health_status\": \"HEALTHY\"", "\"value\": \"1\"");

    String prometheus = get(server, "/stats/prometheus").body();
    assertThat(prometheus).contains(
        "# TYPE envoy_cluster_upstream_rq_total counter\nenvoy_cluster_upstream_rq_total{envoy_cluster_name=\"backend\"} 1\n",
        "envoy_cluster_upstream_rq{envoy_response_code=\"200\",envoy_cluster_name=\"backend\"} 1\n",
        "envoy_cluster_upstream_rq_xx{envoy_response_code_class=\"2\",envoy_cluster_name=\"backend\"} 1\n",
        "envoy_http_downstream_rq_xx{envoy_response_code_class=\"2\",envoy_http_conn_manager_prefix=\"ingress_http\"} 1\n",
        "envoy_http_downstream_rq_total{envoy_http_conn_manager_prefix=\"ingress_http\"} 1\n",
        "envoy_listener_downstream_cx_total{envoy_listener_address=\"127.0.0.1_",
        "# TYPE envoy_server_live gauge\nenvoy_server_live{} 1\n",
        "# TYPE envoy_cluster_upstream_rq_time histogram\n",
        "envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=\"backend\",le=\"0.5\"} ",
        "envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=\"backend\",le=\"3600000\"} 1\n",
        "envoy_cluster_upstream_rq_time_bucket{envoy_cluster_name=\"backend\",le=\"+Inf\"} 1\n",
        "envoy_cluster_upstream_rq_time_count{envoy_cluster_name=\"backend\"} 1\n");
    // Memory gauges move between two reads, so compare the series, not the values.
    assertThat(seriesNames(get(server, "/stats?format=prometheus").body())).isEqualTo(seriesNames(prometheus));
    Promtool.assertValid(prometheus);
  }

  private static List<String> seriesNames(String exposition) {
    return exposition.lines().map(line -> line.replaceAll(" [^ ]*$", "")).toList();
  }

  @Test
  void clustersShowHealthFlagsOfAFailedHost() throws Exception {
    Server server = start(proxyConfig(ADMIN));
    var cluster = server.clusterManager().get("backend");
    Host host = cluster.hostSet().hosts().get(0);
    cluster.setHostHealth(host, Host.FAILED_ACTIVE_HEALTH_CHECK, true);
    cluster.setHostHealth(host, Host.FAILED_OUTLIER_CHECK, true);

    assertThat(get(server, "/clusters").body())
        .contains("backend::" + host.addressString() + "::health_flags::/failed_active_hc/failed_outlier_check\n");
    assertThat(get(server, "/clusters?format=json").body())
        .contains("\"failed_active_health_check\": true", "\"failed_outlier_check\": true");
  }

  @Test
  void statsFilterUsedOnlyAndJson() throws Exception {
    Server server = start(proxyConfig(ADMIN));
    proxied(server, "/");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(get(server, "/stats?filter=downstream_rq_2xx").body()).contains("downstream_rq_2xx: 1"));

    String filtered = get(server, "/stats?filter=" + URLEncoder.encode("^cluster\\.backend\\.upstream_rq_", StandardCharsets.UTF_8)).body();
    assertThat(filtered.lines()).isNotEmpty().allMatch(line -> line.startsWith("cluster.backend.upstream_rq_"));

    String used = get(server, "/stats?usedonly").body();
    assertThat(used).contains("cluster.backend.upstream_rq_total: 1").doesNotContain(": 0\n")
        .doesNotContain("No recorded values");
    assertThat(get(server, "/stats?filter=%28").statusCode()).isEqualTo(400);

    HttpResponse<String> json = get(server, "/stats?format=json&filter=cluster.backend.upstream_rq");
    assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
    Struct.Builder parsed = Struct.newBuilder();
    JsonFormat.parser().merge(json.body(), parsed);
    var entries = parsed.getFieldsOrThrow("stats").getListValue().getValuesList();
    assertThat(entries.get(0).getStructValue().getFieldsOrThrow("name").getStringValue())
        .startsWith("cluster.backend.upstream_rq");
    var histograms = entries.get(entries.size() - 1).getStructValue().getFieldsOrThrow("histograms").getStructValue();
    assertThat(histograms.getFieldsOrThrow("supported_quantiles").getListValue().getValuesCount()).isEqualTo(10);
    var computed = histograms.getFieldsOrThrow("computed_quantiles").getListValue().getValues(0).getStructValue();
    assertThat(computed.getFieldsOrThrow("name").getStringValue()).isEqualTo("cluster.backend.upstream_rq_time");
    assertThat(computed.getFieldsOrThrow("values").getListValue().getValuesCount()).isEqualTo(10);
    assertThat(json.body()).contains("{\"name\":\"cluster.backend.upstream_rq_total\",\"value\":1}");
  }

  @Test
  void resetCountersZerosCountersOnly() throws Exception {
    Server server = start(proxyConfig(ADMIN));
    proxied(server, "/");
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(get(server, "/stats").body()).contains("cluster.backend.upstream_rq_total: 1\n"));

    HttpResponse<String> reset = post(server, "/reset_counters");
    assertThat(reset.body()).isEqualTo("OK\n");
    String stats = get(server, "/stats").body();
    assertThat(stats).contains("cluster.backend.upstream_rq_total: 0\n", "server.live: 1\n");
  }

  @Test
  void serverInfoListenersConfigDumpAndTheSmallEndpoints() throws Exception {
    Server server = start("""
        node: { id: node-1, cluster: front }
        """ + proxyConfig(ADMIN));

    HttpResponse<String> info = get(server, "/server_info");
    assertThat(info.headers().firstValue("content-type")).hasValue("application/json");
    ServerInfo.Builder serverInfo = ServerInfo.newBuilder();
    JsonFormat.parser().merge(info.body(), serverInfo);
    assertThat(serverInfo.getState()).isEqualTo(ServerInfo.State.LIVE);
    assertThat(serverInfo.getNode().getId()).isEqualTo("node-1");
    assertThat(serverInfo.getNode().getCluster()).isEqualTo("front");
    assertThat(serverInfo.getCommandLineOptions().getConcurrency()).isEqualTo(1);
    assertThat(serverInfo.getHotRestartVersion()).isEqualTo("disabled");
    assertThat(info.body()).contains("\"state\": \"LIVE\"", "\"uptime_current_epoch\": \"", "\"uptime_all_epochs\": \"",
        "\"log_level\": \"");
    assertThat(info.body()).containsPattern("\"uptime_current_epoch\": \"\\d+s\"");

    int port = server.listenerManager().listeners().get(0).boundAddress().getPort();
    assertThat(get(server, "/listeners").body()).isEqualTo("ingress::127.0.0.1:" + port + "\n");
    Listeners.Builder listeners = Listeners.newBuilder();
    JsonFormat.parser().merge(get(server, "/listeners?format=json").body(), listeners);
    assertThat(listeners.getListenerStatuses(0).getName()).isEqualTo("ingress");
    assertThat(listeners.getListenerStatuses(0).getLocalAddress().getSocketAddress().getPortValue()).isEqualTo(port);

    String dump = get(server, "/config_dump").body();
    assertThat(dump).contains(
        "\"@type\": \"type.googleapis.com/envoy.admin.v3.BootstrapConfigDump\"",
        "\"@type\": \"type.googleapis.com/envoy.admin.v3.ClustersConfigDump\"",
        "\"@type\": \"type.googleapis.com/envoy.admin.v3.ListenersConfigDump\"",
        "\"static_clusters\": [", "\"static_listeners\": [", "\"last_updated\": \"",
        "\"@type\": \"type.googleapis.com/envoy.extensions.filters.http.router.v3.Router\"",
        "\"stat_prefix\": \"ingress_http\"");
    assertThat(dump.indexOf("BootstrapConfigDump")).isLessThan(dump.indexOf("ClustersConfigDump"));
    assertThat(dump.indexOf("ClustersConfigDump")).isLessThan(dump.indexOf("ListenersConfigDump"));

    assertThat(get(server, "/runtime").body()).contains("\"entries\": {}", "\"layers\": []");
    assertThat(get(server, "/certs").body()).contains("\"certificates\": []");
    assertThat(get(server, "/hot_restart_version").body()).isEqualTo("disabled");
    Memory.Builder memory = Memory.newBuilder();
    JsonFormat.parser().merge(get(server, "/memory").body(), memory);
    assertThat(memory.getAllocated()).isPositive();
    assertThat(memory.getHeapSize()).isGreaterThanOrEqualTo(memory.getAllocated());
  }

  @Test
  void loggingListsAndChangesLevels() throws Exception {
    Server server = start(proxyConfig(ADMIN));

    HttpResponse<String> list = post(server, "/logging");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).startsWith("active loggers:\n").contains("  io.remora.cluster: ");

    assertThat(post(server, "/logging?io.remora.cluster=debug").statusCode()).isEqualTo(200);
    assertThat(Logging.levels()).containsEntry("io.remora.cluster", "debug");
    assertThat(post(server, "/logging?level=warning").body()).contains("  io.remora.cluster: warning\n");
    assertThat(Logging.levels()).containsEntry("io.remora.listener", "warning");

    HttpResponse<String> bad = post(server, "/logging?level=loud");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).startsWith("error: unknown logger level\n\n")
        .contains("levels: trace debug info warning error critical off \n");
    assertThat(post(server, "/logging?no.such.logger=info").statusCode()).isEqualTo(400);
  }

  @Test
  void quitQuitQuitAnswersThenStopsTheServer() throws Exception {
    Server server = start(proxyConfig(ADMIN));
    HttpResponse<String> quit = post(server, "/quitquitquit");
    assertAnswer(quit, 200, "OK\n");
    CompletableFuture.runAsync(() -> {
      try {
        server.awaitStopped();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }).get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> get(server, "/ready")).isInstanceOf(IOException.class);
  }

  @Test
  void drainListenersStopsAccepting() throws Exception {
    Server server = start(proxyConfig(ADMIN));
    assertThat(post(server, "/drain_listeners").body()).isEqualTo("OK\n");
    assertThatThrownBy(() -> proxied(server, "/")).isInstanceOf(IOException.class);
    assertThat(get(server, "/ready").body()).isEqualTo("LIVE\n");
  }

  @Test
  void allowPathsServesOnlyTheListedPaths() throws Exception {
    Server server = start(proxyConfig("""
        admin:
          address:
            socket_address: { address: 127.0.0.1, port_value: 0 }
          allow_paths:
          - exact: /ready
          - prefix: /stats
        """));
    assertThat(get(server, "/ready").statusCode()).isEqualTo(200);
    assertThat(get(server, "/stats").statusCode()).isEqualTo(200);
    assertThat(get(server, "/stats/prometheus").statusCode()).isEqualTo(200);
    assertThat(get(server, "/clusters").statusCode()).isEqualTo(403);
    assertThat(post(server, "/quitquitquit").statusCode()).isEqualTo(403);
    assertThat(server.state().draining()).isFalse();
  }

  @Test
  void accessLogPathAndAccessLogRecordAdminRequests() throws Exception {
    Path log = tmp.resolve("admin_access.log");
    Path typed = tmp.resolve("admin_typed.log");
    Server server = start(proxyConfig("""
        admin:
          access_log_path: %s
          access_log:
          - name: envoy.access_loggers.file
            typed_config:
              "@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog
              path: %s
              log_format: { text_format_source: { inline_string: "%%REQ(:METHOD)%% %%REQ(:PATH)%% %%RESPONSE_CODE%%\\n" } }
          address:
            socket_address: { address: 127.0.0.1, port_value: 0 }
        """.formatted(log, typed)));
    get(server, "/ready");
    get(server, "/nope");
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(log).exists().content().contains("\"GET /ready HTTP/1.1\" 200", "\"GET /nope HTTP/1.1\" 404");
      assertThat(typed).exists().content().contains("GET /ready 200\n", "GET /nope 404\n");
    });
  }

  @Test
  void noAdminBlockMeansNoAdminServer() throws Exception {
    Server server = start(proxyConfig(""));
    assertThat(server.adminAddress()).isNull();
  }

  @Test
  void anAdminAddressInUseFailsStartWithTheAddress() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      Server server = build(proxyConfig("""
          admin:
            address:
              socket_address: { address: 127.0.0.1, port_value: %d }
          """.formatted(busy.getLocalPort())));
      assertThatThrownBy(server::start).isInstanceOf(ListenerManager.BindFailure.class)
          .hasMessageContaining("cannot bind 127.0.0.1:" + busy.getLocalPort());
    }
  }
}
