package io.remora.http;

import io.remora.cluster.ClusterManager;
import io.remora.config.Positions;
import io.remora.server.ServerState;
import io.remora.stats.Scope;
import io.remora.stats.Stats;

/**
 * What a filter factory may use while it builds: the server's clusters and stats, the stat
 * scope of the enclosing HTTP connection manager ({@code http.<stat_prefix>.}), and the
 * config's source positions for error messages.
 */
public record FilterFactoryContext(
    ClusterManager clusterManager, Stats stats, Scope httpScope, Positions positions, ServerState serverState) {}
