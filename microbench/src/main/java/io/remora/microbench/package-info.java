/** JMH microbenchmarks of the proxy's hot path: routing, headers, load balancing, stats. */
package io.remora.microbench;
