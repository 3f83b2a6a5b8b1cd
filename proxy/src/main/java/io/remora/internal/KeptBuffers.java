package io.remora.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * A few direct buffers that one event loop's connections use again and again, for message heads
 * and for reading the socket, instead of a pooled buffer each time (the pool's thread cache,
 * recycler and accounting cost ~3 % of the loop's samples per buffer at a 6-byte body, and a
 * proxied request took four). This object holds one reference to each; {@link #take} hands one
 * out with a second, and it is free again once its user (and anything it sliced the buffer
 * for) has released that one: its count is back to one. A buffer still queued in a channel, or
 * sliced for a body part still on its way, stays with them. Owned by one event loop.
 *
 * <p>These buffers are never released, so Netty's leak detector does not track them: a user
 * that forgets to release one only takes it out of rotation (a new buffer is then allocated).
 */
public final class KeptBuffers {
  /** The size of each kept buffer: a head with a small body joined, a read of a small message. */
  public static final int SIZE = 2048;
  /**
   * How many: a loop's downstream and upstream connections share them (reads, heads). 16 were
   * ~2 % short of per-side sets of 16 at 64 + 64 connections (`paired.sh`, 7 rounds, each
   * above 1); 32 measured 0.991 of those (each round below 1): 64 KiB of direct memory a loop.
   */
  private static final int COUNT = 32;

  /** Made when first needed; each holds one reference of this object's own. */
  private final ByteBuf[] kept = new ByteBuf[COUNT];
  private final RecvByteBufAllocator readAllocator = new ReadAllocator();
  /** Whether the loop's connections read into these (see {@link #readInto}). */
  private final boolean forReads;

  /**
   * {@code forReads}: whether connections read into these too. Not where the transport takes the
   * read buffer when it submits the read ({@link Transport#holdsReadBuffersWhileIdle()}): every
   * idle keep-alive connection would hold one while it waits, and a loop's buffers would be
   * gone after as many idle connections (heads would then fall back to pooled buffers too).
   */
  public KeptBuffers(boolean forReads) {
    this.forReads = forReads;
  }

  /** The first kept buffer no one else holds, emptied and with a reference for the caller; null if all are out. */
  public ByteBuf take() {
    for (int i = 0; i < COUNT; i++) {
      ByteBuf buffer = kept[i];
      if (buffer == null) {
        buffer = Buffers.KEPT.directBuffer(SIZE, SIZE);
        kept[i] = buffer;
      } else if (buffer.refCnt() != 1) {
        continue; // still in use
      }
      return buffer.clear().retain();
    }
    return null;
  }

  /**
   * What a channel of this loop reads the socket into: a kept buffer when Netty's adaptive guess
   * of the next read fits one and one is free, else a buffer from the channel's allocator. Set it
   * on a channel whose handler releases what it read before the read ends (or keeps it knowingly:
   * the buffer is then out of rotation until released), and copies rather than slices what it
   * keeps: a kept buffer's slice is a new object each time (a pooled buffer's is recycled).
   */
  public RecvByteBufAllocator readAllocator() {
    return readAllocator;
  }

  /** Makes {@code channel} (of this loop) read into the kept buffers ({@link #readAllocator()}) where they serve reads. */
  public void readInto(Channel channel) {
    if (forReads) {
      channel.config().setRecvByteBufAllocator(readAllocator);
    }
  }

  private final class ReadAllocator implements RecvByteBufAllocator {
    /** Netty's sizing; 16 reads per readiness, as Netty sets for a socket channel. */
    private final RecvByteBufAllocator sizes = new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(16);

    @Override
    public Handle newHandle() {
      return new ReadHandle((ExtendedHandle) sizes.newHandle());
    }
  }

  /** Netty's adaptive handle, but for where the bytes go. */
  private final class ReadHandle implements RecvByteBufAllocator.ExtendedHandle {
    private final RecvByteBufAllocator.ExtendedHandle sizes;

    ReadHandle(RecvByteBufAllocator.ExtendedHandle sizes) {
      this.sizes = sizes;
    }

    @Override
    public ByteBuf allocate(ByteBufAllocator allocator) {
      ByteBuf buffer = sizes.guess() <= SIZE ? take() : null;
      return buffer != null ? buffer : sizes.allocate(allocator);
    }

    @Override
    public int guess() {
      return sizes.guess();
    }

    @Override
    public void reset(ChannelConfig config) {
      sizes.reset(config);
    }

    @Override
    public void incMessagesRead(int messages) {
      sizes.incMessagesRead(messages);
    }

    @Override
    public void lastBytesRead(int bytes) {
      sizes.lastBytesRead(bytes);
    }

    @Override
    public int lastBytesRead() {
      return sizes.lastBytesRead();
    }

    @Override
    public void attemptedBytesRead(int bytes) {
      sizes.attemptedBytesRead(bytes);
    }

    @Override
    public int attemptedBytesRead() {
      return sizes.attemptedBytesRead();
    }

    @Override
    public boolean continueReading() {
      return sizes.continueReading();
    }

    @Override
    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
      return sizes.continueReading(maybeMoreDataSupplier);
    }

    @Override
    public void readComplete() {
      sizes.readComplete();
    }
  }
}
