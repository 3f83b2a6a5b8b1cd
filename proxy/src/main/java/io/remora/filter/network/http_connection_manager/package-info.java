/** {@code envoy.filters.network.http_connection_manager}: HTTP/1.1 streams through the HTTP filter chain. */
package io.remora.filter.network.http_connection_manager;
