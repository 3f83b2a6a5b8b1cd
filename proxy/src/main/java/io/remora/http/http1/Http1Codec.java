package io.remora.http.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * One connection's HTTP/1.1 codec (decoder and encoder) as plain code that the connection's
 * only handler calls: decoded messages go to that handler by a method call and encoded bytes
 * leave through its context, instead of each message and each buffer walking a pipeline of
 * codec handlers (~20 % of the event loop's Java samples at a 6-byte body were that walk).
 * What it does with the bytes is what Netty's {@code ByteToMessageDecoder} and an outbound
 * encoder would do: input that ends mid-message is kept and joined with the next read; at the
 * input's end what is left is decoded as the last bytes.
 *
 * <p>Buffers: a buffer given to {@link #read} is owned here (kept while it holds a partial
 * message, released once decoded); each decoded part goes to the {@link Sink} with its
 * ownership; each message given to {@link #write} is owned here (encoded, then written with
 * ownership to the channel, or released). {@link #release} lets go of what is kept.
 */
public final class Http1Codec {
  /** Where decoded parts go: a message, then body parts ending with a {@code LastHttpContent}. */
  public interface Sink {
    /** {@code part} and its ownership: the sink must release or forward it. */
    void onDecoded(HttpObject part);
  }

  private final Http1Decoder decoder;
  private final Http1Encoder encoder;
  /** What one decode call produced, handed to the sink before the next call; reused. */
  private final ArrayList<Object> decoded = new ArrayList<>(4);
  /** Input not decoded yet (a partial message), owned here; null if none. */
  private ByteBuf cumulation;
  /** Whether a part was decoded since the last {@link #readComplete}. */
  private boolean decodedSinceReadComplete;
  /** Whether bytes were read since the last {@link #readComplete} (epoll also completes empty reads). */
  private boolean readSinceReadComplete;

  private Http1Codec(Http1Decoder decoder, Http1Encoder encoder) {
    this.decoder = decoder;
    this.encoder = encoder;
  }

  /** A downstream connection's codec: requests in, responses out. {@code scratch}: the event loop's. */
  public static Http1Codec server(int maxRequestHeaderBytes, EncodeScratch scratch) {
    return new Http1Codec(new RequestDecoder(maxRequestHeaderBytes), new ResponseEncoder(scratch));
  }

  /**
   * An upstream connection's codec: requests out, responses in, sharing the methods of the
   * requests in flight so that a response to HEAD has no body. {@code scratch}: the event loop's.
   */
  public static Http1Codec client(int maxResponseHeaderBytes, EncodeScratch scratch) {
    ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
    return new Http1Codec(new ResponseDecoder(maxResponseHeaderBytes, methods), new RequestEncoder(methods, scratch));
  }

  /**
   * Decodes {@code message}, a read's buffer (ownership taken), after what earlier reads left,
   * handing each part to {@code sink}; anything else read is released.
   */
  public void read(ChannelHandlerContext ctx, Object message, Sink sink) {
    if (!(message instanceof ByteBuf data)) {
      ReferenceCountUtil.release(message);
      return;
    }
    readSinceReadComplete = true;
    ByteBuf in = cumulate(ctx, data);
    cumulation = in;
    try {
      while (in.isReadable()) {
        int before = in.readableBytes();
        decoder.decode(in, decoded);
        if (decoded.isEmpty() && before == in.readableBytes()) {
          break; // it waits for more bytes
        }
        deliver(sink);
      }
    } catch (RuntimeException e) {
      // The sink (or the decoder) failed: the rest of this input is dropped, not decoded later
      // at the close; the exception goes on to the handler's exceptionCaught, as from Netty's.
      releaseCumulation();
      throw e;
    } finally {
      if (cumulation != null && !cumulation.isReadable()) {
        cumulation.release();
        cumulation = null;
      }
    }
  }

  /** {@code data} behind what is kept (ownership of both to the result). */
  private ByteBuf cumulate(ChannelHandlerContext ctx, ByteBuf data) {
    ByteBuf kept = cumulation;
    if (kept == null) {
      return data;
    }
    try {
      int more = data.readableBytes();
      // Written into the kept buffer only when no decoded slice shares it (else a new one).
      if (kept.refCnt() == 1 && more <= kept.maxWritableBytes()) {
        return kept.writeBytes(data);
      }
      ByteBuf joined = ctx.alloc().buffer(kept.readableBytes() + more);
      joined.writeBytes(kept).writeBytes(data);
      kept.release();
      return joined;
    } finally {
      data.release();
    }
  }

  private void deliver(Sink sink) {
    // By index, no iterator; the sink never calls back into this codec's reading.
    int i = 0;
    try {
      for (; i < decoded.size(); i++) {
        decodedSinceReadComplete = true;
        sink.onDecoded((HttpObject) decoded.get(i));
      }
    } finally {
      for (i++; i < decoded.size(); i++) {
        ReferenceCountUtil.release(decoded.get(i)); // the sink threw: the parts after its are dropped
      }
      decoded.clear();
    }
  }

  /**
   * The end of one read from the socket: true if bytes were read but nothing was decoded since
   * the last call (a partial message), when a handler that reads by hand must ask for more, as
   * Netty's decoders do. False after a read that brought nothing (epoll completes those too).
   */
  public boolean readComplete() {
    boolean none = readSinceReadComplete && !decodedSinceReadComplete;
    decodedSinceReadComplete = false;
    readSinceReadComplete = false;
    if (cumulation != null && cumulation.refCnt() == 1) {
      cumulation.discardSomeReadBytes();
    }
    return none;
  }

  /**
   * The input ended (the connection closed): what was kept is decoded as the last bytes (a body
   * framed by the close ends) and let go. Returns whether anything was handed to {@code sink}.
   */
  public boolean inputClosed(Sink sink) {
    decodedSinceReadComplete = false;
    ByteBuf in = cumulation != null ? cumulation : Unpooled.EMPTY_BUFFER;
    try {
      decoder.decodeLast(in, decoded);
      deliver(sink);
    } finally {
      releaseCumulation();
    }
    return decodedSinceReadComplete;
  }

  /**
   * Encodes {@code message} (ownership taken) and writes it from {@code ctx}, the connection's
   * handler's. An encoding error fails {@code promise}, as Netty does for an outbound handler
   * that throws: a void promise (what the streams write with) fires it through the connection's
   * pipeline to its handler's {@code exceptionCaught}, which closes that connection; the
   * caller (a stream, the router on another connection) is not unwound by it.
   */
  public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
    try {
      encoder.write(ctx, message, promise);
    } catch (RuntimeException e) {
      // A void promise's tryFailure fires the exception itself and returns false.
      if (!promise.tryFailure(e) && !promise.isVoid()) {
        ctx.pipeline().fireExceptionCaught(e); // the promise was already done: not lost
      }
    }
  }

  /** Writes whatever the encoder holds, then flushes the channel; an error goes to the connection's handler. */
  public void flush(ChannelHandlerContext ctx) {
    try {
      encoder.flush(ctx);
    } catch (RuntimeException e) {
      ctx.pipeline().fireExceptionCaught(e);
    }
  }

  /** Lets go of kept input and of a head not yet written: the connection is closing or gone. */
  public void release() {
    releaseCumulation();
    encoder.releaseHeld();
  }

  private void releaseCumulation() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }
}
