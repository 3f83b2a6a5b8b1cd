package io.remora.admin;

import io.remora.server.Server;

/**
 * The endpoints that change the server (all POST-only): health check failing,
 * {@code /quitquitquit} and {@code /drain_listeners}.
 */
final class ServerCommands {
  private final Server server;

  ServerCommands(Server server) {
    this.server = server;
  }

  AdminResponse healthcheckFail(AdminRequest request) {
    server.state().setHealthCheckFailed(true);
    return AdminResponse.text("OK\n");
  }

  AdminResponse healthcheckOk(AdminRequest request) {
    server.state().setHealthCheckFailed(false);
    return AdminResponse.text("OK\n");
  }

  /**
   * Answers first, then drains and stops on a thread of its own: stopping closes the admin
   * loop this request runs on.
   */
  AdminResponse quitQuitQuit(AdminRequest request) {
    return AdminResponse.text("OK\n").thenRun(() -> {
      Thread quit = new Thread(() -> server.shutdown(server.options().drainTime()), "remora-quitquitquit");
      quit.setDaemon(false);
      quit.start();
    });
  }

  /** Stops accepting on every listener; open connections carry on. */
  AdminResponse drainListeners(AdminRequest request) {
    server.listenerManager().stopListening();
    return AdminResponse.text("OK\n");
  }
}
