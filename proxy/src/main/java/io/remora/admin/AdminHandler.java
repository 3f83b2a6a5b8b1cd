package io.remora.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.remora.accesslog.AccessLog;
import io.remora.http.StreamInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one admin connection: each aggregated request is answered whole, then logged.
 * The request buffer is released by {@link SimpleChannelInboundHandler}; the response buffer
 * is handed to the channel, which releases it once written.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

  private final AdminEndpoints endpoints;
  private final AccessLog accessLog;

  AdminHandler(AdminEndpoints endpoints, AccessLog accessLog) {
    this.endpoints = endpoints;
    this.accessLog = accessLog;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
    StreamInfo info = new StreamInfo(System.currentTimeMillis(), System.nanoTime(),
        (InetSocketAddress) context.channel().remoteAddress(), (InetSocketAddress) context.channel().localAddress());
    info.setRequest(request.method().name(), request.uri(), request.headers().get(HttpHeaderNames.HOST),
        request.headers());
    info.addBytesReceived(request.content().readableBytes());
    AdminResponse answer;
    if (!request.decoderResult().isSuccess()) {
      answer = AdminResponse.text(400, "Bad Request\n");
    } else {
      answer = answer(request);
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    ByteBuf content = Unpooled.wrappedBuffer(body);
    FullHttpResponse response =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.status()), content);
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
        .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, max-age=0")
        .set("x-content-type-options", "nosniff")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    info.setResponseCode(answer.status());
    info.setResponseHeaders(response.headers().copy());
    info.addBytesSent(body.length);
    context.writeAndFlush(response).addListener(written -> {
      info.markEnd(System.nanoTime());
      accessLog.log(info);
      if (!keepAlive) {
        context.close();
      }
      if (answer.afterSent() != null) {
        answer.afterSent().run();
      }
    });
  }

  private AdminResponse answer(FullHttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    Map<String, List<String>> params = uri.parameters();
    String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
    if (params.isEmpty() && contentType.startsWith(HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString())) {
      // Envoy reads a form body's parameters when the query has none (the home page's buttons).
      params = new QueryStringDecoder(request.content().toString(StandardCharsets.UTF_8), false).parameters();
    }
    try {
      return endpoints.handle(new AdminRequest(request.method().name(), uri.path(), params));
    } catch (RuntimeException failed) {
      log.error("admin {} {} failed", request.method(), request.uri(), failed);
      return AdminResponse.text(500, "internal error: " + failed + "\n");
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    log.debug("admin connection failed: {}", cause.toString());
    context.close();
  }
}
