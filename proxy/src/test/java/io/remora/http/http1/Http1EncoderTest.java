package io.remora.http.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.remora.http.HeaderMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Remora's HTTP/1 encoders write the bytes Netty's encoders write for the same messages, with
 * fewer buffers: a small body joins its head.
 */
class Http1EncoderTest {
  private static final String BIG = "x".repeat(3000);

  /** Writes {@code messages} (made fresh for each encoder) through both and compares the bytes. */
  private static String sameAsNetty(boolean response, Supplier<List<Object>> messages) {
    String netty = encode(response ? new HttpResponseEncoder() : new HttpRequestEncoder(), messages.get());
    String remora = encode(handler(response
        ? new ResponseEncoder(new EncodeScratch())
        : new RequestEncoder(new ArrayDeque<>(), new EncodeScratch())), messages.get());
    assertThat(remora).isEqualTo(netty);
    return remora;
  }

  /**
   * {@code encoder} as a handler of its own, driven as a connection's handler drives its codec:
   * writes and flushes go through it, and it drops a held head when the channel closes or goes.
   */
  private static ChannelHandler handler(Http1Encoder encoder) {
    return new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) {
        encoder.write(ctx, message, promise);
      }

      @Override
      public void flush(ChannelHandlerContext ctx) {
        encoder.flush(ctx);
      }

      @Override
      public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        encoder.releaseHeld();
        ctx.close(promise);
      }

      @Override
      public void handlerRemoved(ChannelHandlerContext ctx) {
        encoder.releaseHeld();
      }
    };
  }

  private static String encode(ChannelHandler encoder, List<Object> messages) {
    EmbeddedChannel channel = new EmbeddedChannel(encoder);
    for (Object message : messages) {
      channel.write(message, channel.voidPromise());
    }
    channel.flush();
    StringBuilder out = new StringBuilder();
    for (Object written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
      ByteBuf bytes = (ByteBuf) written;
      out.append(bytes.toString(StandardCharsets.ISO_8859_1));
      bytes.release();
    }
    assertThat(channel.finishAndReleaseAll()).isFalse();
    return out.toString();
  }

  private static HeaderMap headers(String... namesAndValues) {
    HeaderMap map = new HeaderMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }

  private static ByteBuf text(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
  }

  @Test
  void smallResponseIsOneBufferWithTheBody() {
    String bytes = sameAsNetty(true, () -> List.of(
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
            headers("content-type", "text/plain", "content-length", "6", "x-latin", "caf\u00e9", "x-wide", "a\u0100b")),
        new DefaultLastHttpContent(text("hello\n"))));
    assertThat(bytes).isEqualTo("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 6\r\n"
        + "x-latin: caf\u00e9\r\nx-wide: a?b\r\n\r\nhello\n");
    EmbeddedChannel channel = new EmbeddedChannel(handler(new ResponseEncoder(new EncodeScratch())));
    channel.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers("content-length", "6")),
        channel.voidPromise());
    channel.write(new DefaultLastHttpContent(text("hello\n")), channel.voidPromise());
    channel.flush();
    assertThat(channel.outboundMessages()).hasSize(1);
    assertThat(channel.finishAndReleaseAll()).isTrue();
  }

  @Test
  void bodiesLargerThanTheLimitOrUnannouncedGoAsTheyAre() {
    sameAsNetty(true, () -> List.of(
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers("content-length", "3000")),
        new DefaultHttpContent(text(BIG.substring(0, 1000))),
        new DefaultLastHttpContent(text(BIG.substring(1000)))));
    sameAsNetty(true, () -> List.of(
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers("connection", "close")),
        new DefaultHttpContent(text("until")),
        new DefaultLastHttpContent(text(" close"))));
  }

  @Test
  void chunkedBodiesAndTrailers() {
    sameAsNetty(true, () -> {
      DefaultLastHttpContent last = new DefaultLastHttpContent(text("end"));
      last.trailingHeaders().add("grpc-status", "0");
      return List.of(
          new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers("transfer-encoding", "chunked")),
          new DefaultHttpContent(text("abc")),
          new DefaultHttpContent(Unpooled.EMPTY_BUFFER),
          new DefaultHttpContent(text(BIG)),
          last);
    });
    sameAsNetty(true, () -> List.of(
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers("transfer-encoding", "chunked")),
        new DefaultHttpContent(text("abc")),
        LastHttpContent.EMPTY_LAST_CONTENT,
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers("transfer-encoding", "Chunked")),
        new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, headers("x-trailer", "1"))));
  }

  @Test
  void plainBuffersAreBodyParts() {
    sameAsNetty(true, () -> List.of(
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers("content-length", "6")),
        text("hello\n"),
        LastHttpContent.EMPTY_LAST_CONTENT));
    sameAsNetty(true, () -> List.of(
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers("transfer-encoding", "chunked")),
        text("abc"),
        text(BIG),
        LastHttpContent.EMPTY_LAST_CONTENT));
  }

  @Test
  void responsesThatCannotHaveABody() {
    for (HttpResponseStatus status : new HttpResponseStatus[] {HttpResponseStatus.NO_CONTENT,
        HttpResponseStatus.RESET_CONTENT, HttpResponseStatus.NOT_MODIFIED, HttpResponseStatus.CONTINUE}) {
      sameAsNetty(true, () -> List.of(
          new DefaultHttpResponse(HttpVersion.HTTP_1_1, status,
              headers("content-length", "4", "transfer-encoding", "chunked", "etag", "x")),
          new DefaultLastHttpContent(text("body"))));
    }
    sameAsNetty(true, () -> List.of(
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE),
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers("content-length", "2")),
        new DefaultLastHttpContent(text("ok"))));
  }

  @Test
  void unusualStatusesAndVersions() {
    sameAsNetty(true, () -> List.of(
        new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.valueOf(299), headers("content-length", "0")),
        LastHttpContent.EMPTY_LAST_CONTENT,
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(200, "Fine"), headers()),
        LastHttpContent.EMPTY_LAST_CONTENT));
  }

  @Test
  void requestLinesAndBodies() {
    for (String uri : new String[] {"/a?b=c", "", "http://host", "http://host?q=1", "http://host/p?q=1", "/caf\u00e9",
        "host:443"}) {
      sameAsNetty(false, () -> List.of(
          new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, headers("host", "h", "x-request-id", "1")),
          LastHttpContent.EMPTY_LAST_CONTENT));
    }
    sameAsNetty(false, () -> List.of(
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/up", headers("content-length", "3003")),
        new DefaultHttpContent(text("abc")),
        new DefaultLastHttpContent(text(BIG))));
  }

  @Test
  void aWriteWithAPromiseCompletesWhenItsBytesAreFlushed() {
    EmbeddedChannel channel = new EmbeddedChannel(handler(new ResponseEncoder(new EncodeScratch())));
    ChannelPromise head = channel.newPromise();
    ChannelPromise body = channel.newPromise();
    channel.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers("content-length", "2")), head);
    channel.write(new DefaultLastHttpContent(text("ok")), body);
    assertThat(body.isDone()).isFalse();
    channel.flush();
    assertThat(head.isSuccess()).isTrue();
    assertThat(body.isSuccess()).isTrue();
    assertThat(channel.finishAndReleaseAll()).isTrue();
  }

  @Test
  void aHeldHeadIsReleasedWhenTheChannelClosesFirst() {
    EmbeddedChannel channel = new EmbeddedChannel(handler(new ResponseEncoder(new EncodeScratch())));
    channel.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, headers("content-length", "2")),
        channel.voidPromise());
    assertThat(channel.finishAndReleaseAll()).isFalse(); // closes the channel: the paranoid leak detector checks the rest
  }
}
