/** {@code envoy.filters.http.router}: the terminal filter that forwards requests upstream. */
package io.remora.filter.http.router;
