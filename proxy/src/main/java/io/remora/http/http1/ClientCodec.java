package io.remora.http.http1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The HTTP/1.1 codec of an upstream connection: Netty's request encoder (writing a
 * {@link io.remora.http.HeaderMap} without iterators) and Remora's {@link ResponseDecoder},
 * sharing the methods of the requests in flight so that a response to HEAD has no body.
 */
public final class ClientCodec {
  private ClientCodec() {}

  /** Adds the decoder and the encoder to {@code pipeline}. */
  public static void install(ChannelPipeline pipeline, int maxResponseHeaderBytes) {
    ArrayDeque<HttpMethod> methods = new ArrayDeque<>(2);
    pipeline.addLast("http-decoder", new ResponseDecoder(maxResponseHeaderBytes, methods));
    pipeline.addLast("http-encoder", new RequestEncoder(methods));
  }

  private static final class RequestEncoder extends HttpRequestEncoder {
    private final ArrayDeque<HttpMethod> methods;

    RequestEncoder(ArrayDeque<HttpMethod> methods) {
      this.methods = methods;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object message, List<Object> out) throws Exception {
      if (message instanceof HttpRequest request) {
        methods.addLast(request.method());
      }
      super.encode(ctx, message, out);
    }

    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
      if (!HeaderBlock.write(headers, buf)) {
        super.encodeHeaders(headers, buf);
      }
    }
  }
}
