/** Clusters: discovery, hosts, per-loop connection pools, cluster stats. */
package io.remora.cluster;
