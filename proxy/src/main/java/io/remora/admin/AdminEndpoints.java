package io.remora.admin;

import com.google.common.base.Suppliers;
import io.remora.config.ConfigLoader;
import io.remora.route.StringMatch;
import io.remora.server.Server;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Envoy's admin endpoint table and its dispatch: exact path match, POST required for the
 * endpoints that change the server, {@code allow_paths} enforced first, 404 with the help text.
 */
final class AdminEndpoints {
  /** One endpoint: its path, Envoy's one-line help, whether it needs POST, its parameters' help. */
  record Endpoint(String path, String help, boolean post, List<String> params,
      Function<AdminRequest, AdminResponse> handler) {}

  private final List<Endpoint> endpoints;
  private final List<StringMatch> allowPaths;

  /** Every endpoint Remora serves, wired to {@code server}. */
  AdminEndpoints(Server server, List<StringMatch> allowPaths) {
    StatsHandler stats = new StatsHandler(server.stats(), server.serverStats());
    ServerInfoHandler info = new ServerInfoHandler(server, Clock.systemUTC());
    ServerCommands commands = new ServerCommands(server);
    ClustersHandler clusters = new ClustersHandler(server.clusterManager());
    ListenersHandler listeners = new ListenersHandler(server.listenerManager());
    LoggingHandler logging = new LoggingHandler();
    // Built on the first /config_dump, not at start-up: it loads the config's typed-config types.
    ConfigDumpHandler configDump = new ConfigDumpHandler(server.bootstrap(), server.state().startTimeMillis(),
        Suppliers.memoize(() -> ConfigLoader.create().typeRegistryFor(server.bootstrap())));
    List<String> none = List.of();
    List<Endpoint> endpoints = List.of(
        new Endpoint("/", "Admin home page", false, none, request -> home()),
        new Endpoint("/certs", "print certs on machine", false, none, info::certs),
        new Endpoint("/clusters", "upstream cluster status", false,
            List.of("format: File format to use; One of (text, json)"), clusters::clusters),
        new Endpoint("/config_dump", "dump current Envoy configs (experimental)", false, none,
            configDump::configDump),
        new Endpoint("/drain_listeners", "drain listeners", true, none, commands::drainListeners),
        new Endpoint("/healthcheck/fail", "cause the server to fail health checks", true, none,
            commands::healthcheckFail),
        new Endpoint("/healthcheck/ok", "cause the server to pass health checks", true, none,
            commands::healthcheckOk),
        new Endpoint("/help", "print out list of admin commands", false, none,
            request -> AdminResponse.text(help())),
        new Endpoint("/hot_restart_version", "print the hot restart compatibility version", false, none,
            info::hotRestartVersion),
        new Endpoint("/listeners", "print listener info", false,
            List.of("format: File format to use; One of (text, json)"), listeners::listeners),
        new Endpoint("/logging", "query/change logging levels", true, List.of(
            "paths: Change multiple logging levels by setting to "
                + "<logger_name1>:<desired_level1>,<logger_name2>:<desired_level2>.",
            "level: desired logging level, this will change all loggers's level; One of (, "
                + String.join(", ", io.remora.server.Logging.LEVELS) + ")"), logging::logging),
        new Endpoint("/memory", "print current allocation/heap usage", false, none, info::memory),
        new Endpoint("/quitquitquit", "exit the server", true, none, commands::quitQuitQuit),
        new Endpoint("/ready", "print server state, return 200 if LIVE, otherwise return 503", false, none,
            info::ready),
        new Endpoint("/reset_counters", "reset all counters to zero", true, none, stats::resetCounters),
        new Endpoint("/runtime", "print runtime values", false, none, info::runtime),
        new Endpoint("/server_info", "print server version/status information", false, none, info::serverInfo),
        new Endpoint("/stats", "print server stats", false, List.of(
            "usedonly: Only include stats that have been written by system since restart",
            "filter: Regular expression (Google re2) for filtering stats",
            "format: Format to use; One of (text, json, prometheus)"), stats::stats),
        new Endpoint("/stats/prometheus", "print server stats in prometheus format", false, List.of(
            "usedonly: Only include stats that have been written by system since restart",
            "filter: Regular expression (Google re2) for filtering stats"), stats::prometheus));
    this.endpoints = endpoints.stream().sorted(Comparator.comparing(Endpoint::path)).toList();
    this.allowPaths = List.copyOf(allowPaths);
  }

  AdminResponse handle(AdminRequest request) {
    if (!allowPaths.isEmpty() && allowPaths.stream().noneMatch(allowed -> allowed.matches(request.path()))) {
      return AdminResponse.text(403, "admin path \"" + request.path() + "\" is not allowed\n");
    }
    for (Endpoint endpoint : endpoints) {
      if (endpoint.path().equals(request.path())) {
        if (endpoint.post() && !request.method().equals("POST")) {
          return AdminResponse.text(405, "Method " + request.method() + " not allowed, POST required.");
        }
        return endpoint.handler().apply(request);
      }
    }
    return AdminResponse.text(404, "invalid path. " + help());
  }

  /** Envoy's {@code /help} text: every endpoint in path order, with its parameters. */
  String help() {
    StringBuilder out = new StringBuilder("admin commands are:\n");
    for (Endpoint endpoint : endpoints) {
      out.append("  ").append(endpoint.path()).append(endpoint.post() ? " (POST)" : "").append(": ")
          .append(endpoint.help()).append('\n');
      endpoint.params().forEach(param -> out.append("      ").append(param).append('\n'));
    }
    return out.toString();
  }

  /** The home page: one row per endpoint, GET ones as links and POST ones as buttons. */
  AdminResponse home() {
    StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html><head><title>Remora Admin</title></head><body>\n"
        + "<table>\n<thead><tr><th>Command</th><th>Description</th></tr></thead>\n<tbody>\n");
    for (Endpoint endpoint : endpoints) {
      if (endpoint.path().equals("/")) {
        continue;
      }
      String command = endpoint.post()
          ? "<form action='" + endpoint.path() + "' method='post'><button>" + endpoint.path().substring(1)
              + "</button></form>"
          : "<a href='" + endpoint.path() + "'>" + endpoint.path().substring(1) + "</a>";
      out.append("<tr><td>").append(command).append("</td><td>").append(escapeHtml(endpoint.help()))
          .append("</td></tr>\n");
    }
    return AdminResponse.html(out.append("</tbody>\n</table>\n</body></html>\n").toString());
  }

  private static String escapeHtml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
