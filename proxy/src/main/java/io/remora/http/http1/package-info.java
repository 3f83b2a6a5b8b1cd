/**
 * Remora's HTTP/1.1 codec, Envoy's {@code Http1::ConnectionImpl} in spirit: {@link
 * io.remora.http.http1.Http1Codec} decodes a connection's bytes into Netty {@code HttpObject}s
 * whose headers are views into one reused block ({@link io.remora.http.HeaderMap}), and encodes
 * messages into the event loop's kept buffers ({@link io.remora.http.http1.EncodeScratch}). It
 * is plain code, not pipeline handlers: a connection's only handler (the HTTP connection
 * manager downstream, the upstream connection upstream) calls it directly.
 */
package io.remora.http.http1;
