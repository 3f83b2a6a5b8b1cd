package io.remora.server;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Process-wide switches that admin flips and the data plane reads: health check failing
 * ({@code /healthcheck/fail}) and draining.
 */
public final class ServerState {
  private final long startTimeMillis;
  private final AtomicBoolean healthCheckFailed = new AtomicBoolean();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final String serviceNode;
  private final String serviceCluster;

  public ServerState(long startTimeMillis, String serviceNode, String serviceCluster) {
    this.startTimeMillis = startTimeMillis;
    this.serviceNode = serviceNode;
    this.serviceCluster = serviceCluster;
  }

  public long startTimeMillis() {
    return startTimeMillis;
  }

  public boolean healthCheckFailed() {
    return healthCheckFailed.get();
  }

  public void setHealthCheckFailed(boolean failed) {
    healthCheckFailed.set(failed);
  }

  public boolean draining() {
    return draining.get();
  }

  public void setDraining(boolean value) {
    draining.set(value);
  }

  /** {@code --service-node} or the bootstrap's node id. */
  public String serviceNode() {
    return serviceNode;
  }

  /** {@code --service-cluster} or the bootstrap's node cluster. */
  public String serviceCluster() {
    return serviceCluster;
  }
}
