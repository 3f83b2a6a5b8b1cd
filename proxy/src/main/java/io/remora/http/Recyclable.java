package io.remora.http;

/**
 * A decoded message its codec reuses for the connection's next message once handed back.
 * Whoever holds the message last (the stream, after its access logs) calls {@link #recycle()}
 * once; after that neither the message nor its headers (nor views of them) may be touched.
 */
public interface Recyclable {
  void recycle();
}
