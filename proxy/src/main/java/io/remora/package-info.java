/** Remora: an Envoy-compatible sidecar proxy. */
package io.remora;
