package io.remora.server;

import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;

/** Moves the lab config's ports for {@code remora demo} (listener, admin, the app's endpoint). */
final class DemoConfig {
  private DemoConfig() {}

  static Bootstrap withPorts(Bootstrap lab, int listenerPort, int adminPort, int appPort) {
    Bootstrap.Builder builder = lab.toBuilder();
    var resources = builder.getStaticResourcesBuilder();
    resources.getListenersBuilder(0).getAddressBuilder().getSocketAddressBuilder().setPortValue(listenerPort);
    resources.getClustersBuilder(0).getLoadAssignmentBuilder().getEndpointsBuilder(0).getLbEndpointsBuilder(0)
        .getEndpointBuilder().getAddressBuilder().getSocketAddressBuilder().setPortValue(appPort);
    builder.getAdminBuilder().getAddressBuilder().getSocketAddressBuilder().setPortValue(adminPort);
    return builder.build();
  }
}
