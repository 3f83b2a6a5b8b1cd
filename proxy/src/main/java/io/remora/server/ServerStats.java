package io.remora.server;

import io.remora.stats.Gauge;
import io.remora.stats.Stats;

/** The {@code server.*} stats; the time-based ones are refreshed when admin reads stats. */
public final class ServerStats {
  final Gauge live;
  private final Gauge uptime;
  private final Gauge concurrency;
  private final Gauge memoryAllocated;
  private final Gauge memoryHeapSize;
  private final Gauge state;
  private final ServerState serverState;

  ServerStats(Stats stats, ServerState serverState, int workers) {
    this.serverState = serverState;
    live = stats.gauge("server.live");
    uptime = stats.gauge("server.uptime");
    concurrency = stats.gauge("server.concurrency");
    memoryAllocated = stats.gauge("server.memory_allocated");
    memoryHeapSize = stats.gauge("server.memory_heap_size");
    state = stats.gauge("server.state");
    concurrency.set(workers);
    refresh();
  }

  /** Updates uptime, memory and state; called before stats are read. */
  public void refresh() {
    uptime.set((System.currentTimeMillis() - serverState.startTimeMillis()) / 1000);
    Runtime runtime = Runtime.getRuntime();
    memoryAllocated.set(runtime.totalMemory() - runtime.freeMemory());
    memoryHeapSize.set(runtime.totalMemory());
    // Envoy's server.state: 0 LIVE, 1 DRAINING, 2 PRE_INITIALIZING, 3 INITIALIZING.
    state.set(serverState.draining() ? 1 : live.value() == 1 ? 0 : 3);
  }

  public boolean live() {
    return live.value() == 1;
  }
}
