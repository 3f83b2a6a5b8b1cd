package io.remora.admin;

import io.envoyproxy.envoy.admin.v3.ListenerStatus;
import io.envoyproxy.envoy.admin.v3.Listeners;
import io.remora.cluster.Addresses;
import io.remora.listener.Listener;
import io.remora.listener.ListenerManager;
import java.net.InetSocketAddress;

/** {@code /listeners}: each listener's name and bound address, as text lines or JSON. */
final class ListenersHandler {
  private final ListenerManager listeners;

  ListenersHandler(ListenerManager listeners) {
    this.listeners = listeners;
  }

  AdminResponse listeners(AdminRequest request) {
    if ("json".equals(request.param("format"))) {
      Listeners.Builder all = Listeners.newBuilder();
      for (Listener listener : listeners.listeners()) {
        all.addListenerStatuses(ListenerStatus.newBuilder()
            .setName(listener.name())
            .setLocalAddress(ClustersHandler.address(localAddress(listener))));
      }
      return AdminResponse.json(Json.print(all, false));
    }
    StringBuilder out = new StringBuilder();
    for (Listener listener : listeners.listeners()) {
      out.append(listener.name()).append("::").append(Addresses.toString(localAddress(listener))).append('\n');
    }
    return AdminResponse.text(out.toString());
  }

  /** The configured IP with the bound port (port 0 in config means "any", as Envoy reports it). */
  private static InetSocketAddress localAddress(Listener listener) {
    InetSocketAddress bound = listener.boundAddress();
    InetSocketAddress configured = listener.configuredAddress();
    return bound == null ? configured : new InetSocketAddress(configured.getAddress(), bound.getPort());
  }
}
