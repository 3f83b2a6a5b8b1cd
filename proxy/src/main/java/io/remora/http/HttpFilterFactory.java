package io.remora.http;

/** Makes one filter instance per stream from a filter's immutable config. */
@FunctionalInterface
public interface HttpFilterFactory {
  /** A {@link StreamDecoderFilter}, a {@link StreamEncoderFilter}, or both. */
  StreamFilterBase create();
}
