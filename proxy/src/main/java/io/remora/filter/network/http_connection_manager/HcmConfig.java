package io.remora.filter.network.http_connection_manager;

import io.remora.http.HttpFilterFactory;
import io.remora.http.StreamInfo;
import io.remora.route.RouteTable;
import io.remora.server.ServerState;
import java.util.List;
import java.util.function.Consumer;

/** One connection manager's compiled, immutable config; shared by all its connections. */
record HcmConfig(
    String statPrefix,
    HcmStats stats,
    RouteTable routeTable,
    List<HttpFilterFactory> filterFactories,
    String serverName,
    ServerHeader serverHeader,
    List<Consumer<StreamInfo>> accessLogs,
    boolean generateRequestId,
    boolean useRemoteAddress,
    boolean skipXffAppend,
    int maxRequestHeadersBytes,
    boolean enableTrailers,
    ServerState serverState) {

  /** {@code server_header_transformation}. */
  enum ServerHeader {
    OVERWRITE,
    APPEND_IF_ABSENT,
    PASS_THROUGH
  }
}
