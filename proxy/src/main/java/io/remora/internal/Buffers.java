package io.remora.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;

/** The buffer allocator of the proxy's connections, downstream and upstream. */
public final class Buffers {
  /**
   * Netty's pooled allocator (arenas with per-thread caches), not 4.2's adaptive default: on
   * the proxy path at a 6-byte body it used ~10 % less CPU per request (6 paired A/B rounds,
   * 2026-11-26; less user and less system time), at the same RSS after load and with 1,000
   * idle connections. Its buffers copy with {@code Unsafe}; the adaptive allocator's go through
   * a {@code ByteBuffer} method handle per copy.
   */
  public static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

  private Buffers() {}
}
