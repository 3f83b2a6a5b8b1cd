package io.remora.http.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Remora's HTTP/1.1 message encoder (the writing half of Envoy's HTTP/1 codec), for both sides;
 * plain code that its connection's {@link Http1Codec} calls with the connection handler's context:
 * the same bytes as Netty's {@code HttpObjectEncoder} for the same messages (start line, header
 * lines, bodies as they are, chunked framing when Transfer-Encoding says chunked, no body where
 * the message can have none), built in the loop's {@link EncodeScratch} and copied once into one
 * buffer. A head whose Content-Length body is small is held (when its write has no promise to
 * complete) until the body arrives, and the body is copied in behind it: one buffer and one
 * outbound entry per small response instead of two, and the upstream's read buffer is let go at
 * once.
 *
 * <p>Buffers: every message written is released here; body data is either copied (and the
 * message released) or passed on retained; a held head is written on the next write or flush
 * and released if the channel closes first.
 */
abstract class Http1Encoder {
  /** Bodies up to this size join their head in one buffer (Netty copies up to 128 bytes, in full messages only). */
  static final int JOINED_BODY_LIMIT = 1024;
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};

  private enum State { HEAD, BODY, CHUNKED, NO_BODY }

  private final EncodeScratch scratch;
  private State state = State.HEAD;
  /** A head (and maybe body bytes) not yet written: owned here. */
  private ByteBuf held;

  Http1Encoder(EncodeScratch scratch) {
    this.scratch = scratch;
  }

  /** The request or status line, with its CRLF. */
  protected abstract void writeStartLine(EncodeScratch out, HttpMessage message);

  /** Whether {@code message} can have no body whatever its headers say (1xx, 204, 304 responses). */
  protected boolean bodyless(HttpMessage message) {
    return false;
  }

  /** Adjusts the headers of a message before they are written; {@code bodyless} as {@link #bodyless} said. */
  protected void sanitize(HttpMessage message, boolean bodyless) {}

  /**
   * Encodes {@code message} (ownership taken) and writes the bytes with {@code ctx}, the
   * connection's handler's context: from there they go straight to the socket.
   */
  final void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
    if (message instanceof HttpMessage head) {
      writeHead(ctx, head, promise);
    } else if (message instanceof HttpContent content) {
      writeContent(ctx, content, promise);
    } else if (message instanceof ByteBuf data && state != State.HEAD) {
      // A body part with no wrapper object (the stream writes its data so); not the last one.
      try {
        writePart(ctx, data, false, null);
      } finally {
        data.release();
      }
      completeWrite(ctx, false, promise);
    } else {
      writeHeld(ctx);
      ctx.write(message, promise);
    }
  }

  private void writeHead(ChannelHandlerContext ctx, HttpMessage message, ChannelPromise promise) {
    if (state != State.HEAD) {
      ReferenceCountUtil.release(message);
      throw new EncoderException("unexpected " + message.getClass().getSimpleName() + " before the end of the last message");
    }
    boolean noBody = bodyless(message);
    sanitize(message, noBody);
    scratch.reset();
    writeStartLine(scratch, message);
    long contentLength = scratch.writeHeaders(message.headers());
    state = noBody ? State.NO_BODY : scratch.chunked() ? State.CHUNKED : State.BODY;
    scratch.crlf();
    boolean joinBody = state == State.BODY && contentLength > 0 && contentLength <= JOINED_BODY_LIMIT;
    ByteBuf head = scratch.copyOut(ctx.alloc(), joinBody ? (int) contentLength : 0);
    writeHeld(ctx);
    if (message instanceof HttpContent content) {
      held = head; // a full message: its content follows through the same path
      writeContent(ctx, content, promise);
    } else if (joinBody && promise.isVoid()) {
      held = head;
    } else {
      ctx.write(head, promise);
    }
  }

  private void writeContent(ChannelHandlerContext ctx, HttpContent content, ChannelPromise promise) {
    boolean last = content instanceof LastHttpContent;
    try {
      if (state == State.HEAD) {
        throw new EncoderException("unexpected " + content.getClass().getSimpleName() + " before a message");
      }
      writePart(ctx, content.content(), last, last ? ((LastHttpContent) content).trailingHeaders() : null);
    } finally {
      content.release();
    }
    completeWrite(ctx, last, promise);
  }

  /** A body part (its buffer still owned by the caller), in the current message's framing. */
  private void writePart(ChannelHandlerContext ctx, ByteBuf data, boolean last, HttpHeaders trailers) {
    switch (state) {
      case HEAD, NO_BODY -> { } // dropped, as Netty's encoder drops it
      case BODY -> writeBody(ctx, data);
      case CHUNKED -> writeChunk(ctx, data, last ? trailers : null);
    }
    if (last) {
      state = State.HEAD;
    }
  }

  /** After a body part: the held bytes go at the message's end, and a real promise completes behind them. */
  private void completeWrite(ChannelHandlerContext ctx, boolean last, ChannelPromise promise) {
    if (last || !promise.isVoid()) {
      writeHeld(ctx);
    }
    if (!promise.isVoid()) {
      ctx.write(Unpooled.EMPTY_BUFFER, promise); // completes once what came before is written
    }
  }

  private void writeBody(ChannelHandlerContext ctx, ByteBuf data) {
    int size = data.readableBytes();
    if (size == 0) {
      return;
    }
    if (held != null && size <= held.maxFastWritableBytes()) {
      held.writeBytes(data, data.readerIndex(), size);
      return;
    }
    writeHeld(ctx);
    ctx.write(data.retain(), ctx.voidPromise());
  }

  /** One chunk (size line, data, CRLF) and, at the end, the last chunk and the trailers. */
  private void writeChunk(ChannelHandlerContext ctx, ByteBuf data, HttpHeaders trailers) {
    int size = data.readableBytes();
    scratch.reset();
    if (size > 0) {
      scratch.writeHex(size);
      scratch.crlf();
      if (size <= JOINED_BODY_LIMIT) {
        scratch.write(data);
      } else {
        writeScratch(ctx);
        writeHeld(ctx);
        ctx.write(data.retain(), ctx.voidPromise());
        scratch.reset(); // the write may have run another encoder of this loop
      }
      scratch.crlf();
    }
    if (trailers != null) {
      scratch.write(LAST_CHUNK);
      scratch.writeHeaders(trailers);
      scratch.crlf();
    }
    writeScratch(ctx);
  }

  /** What the scratch holds, behind the held head if it fits there, else as a buffer of its own. */
  private void writeScratch(ChannelHandlerContext ctx) {
    if (scratch.length() == 0) {
      return;
    }
    if (held != null && scratch.fitsIn(held)) {
      scratch.copyInto(held);
      return;
    }
    ByteBuf bytes = scratch.copyOut(ctx.alloc(), 0);
    writeHeld(ctx);
    held = bytes;
  }

  private void writeHeld(ChannelHandlerContext ctx) {
    ByteBuf bytes = held;
    if (bytes != null) {
      held = null;
      ctx.write(bytes, ctx.voidPromise());
    }
  }

  /** Writes a held head, then flushes. */
  final void flush(ChannelHandlerContext ctx) {
    writeHeld(ctx);
    ctx.flush();
  }

  /** Drops a held head: the connection is closing or gone. */
  final void releaseHeld() {
    if (held != null) {
      held.release();
      held = null;
    }
  }
}
