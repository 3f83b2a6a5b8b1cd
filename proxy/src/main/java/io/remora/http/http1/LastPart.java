package io.remora.http.http1;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The last body part of a decoded message, as a wrapper its message reuses from response to
 * response (see {@link Http1Decoder}'s {@code Return}): no object per response. Reference
 * counting is the content's; whoever consumes the part takes its content (or releases it) and
 * does not keep the wrapper, which the message's next use re-points.
 */
final class LastPart implements LastHttpContent {
  private ByteBuf content;
  private DecoderResult decoderResult = DecoderResult.SUCCESS;

  /** This wrapper around {@code data} (ownership of which goes with it). */
  LastPart wrap(ByteBuf data) {
    content = data;
    decoderResult = DecoderResult.SUCCESS;
    return this;
  }

  @Override
  public ByteBuf content() {
    return content;
  }

  @Override
  public HttpHeaders trailingHeaders() {
    return EmptyHttpHeaders.INSTANCE;
  }

  @Override
  public LastHttpContent copy() {
    return replace(content.copy());
  }

  @Override
  public LastHttpContent duplicate() {
    return replace(content.duplicate());
  }

  @Override
  public LastHttpContent retainedDuplicate() {
    return replace(content.retainedDuplicate());
  }

  /** A new, independent part (not this reused one) around {@code data}. */
  @Override
  public LastHttpContent replace(ByteBuf data) {
    return new DefaultLastHttpContent(data, EmptyHttpHeaders.INSTANCE);
  }

  @Override
  public LastHttpContent retain() {
    content.retain();
    return this;
  }

  @Override
  public LastHttpContent retain(int increment) {
    content.retain(increment);
    return this;
  }

  @Override
  public LastHttpContent touch() {
    content.touch();
    return this;
  }

  @Override
  public LastHttpContent touch(Object hint) {
    content.touch(hint);
    return this;
  }

  @Override
  public int refCnt() {
    return content.refCnt();
  }

  @Override
  public boolean release() {
    return content.release();
  }

  @Override
  public boolean release(int decrement) {
    return content.release(decrement);
  }

  @Override
  public DecoderResult decoderResult() {
    return decoderResult;
  }

  @Override
  @Deprecated
  public DecoderResult getDecoderResult() {
    return decoderResult;
  }

  @Override
  public void setDecoderResult(DecoderResult result) {
    decoderResult = result;
  }

  @Override
  public String toString() {
    return "LastPart(" + content + ")";
  }
}
