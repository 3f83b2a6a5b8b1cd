package io.remora.http.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.remora.http.HeaderMap;
import io.remora.http.Recyclable;
import io.remora.internal.Buffers;
import io.remora.internal.KeptBuffers;
import java.util.List;

/**
 * Remora's HTTP/1.1 message decoder (the parsing half of Envoy's HTTP/1 codec), shared by the
 * request side (downstream) and the response side (upstream); plain code that its connection's
 * {@link Http1Codec} calls with the bytes read. It emits Netty's message types
 * (an {@link HttpMessage}, then {@link io.netty.handler.codec.http.HttpContent} parts ending
 * with a {@link LastHttpContent}; a request without a body is one message that is also its
 * {@link LastHttpContent}, as a Netty full message is), as Netty's own decoder does, but it
 * copies each header block once into its {@link HeaderMap}'s array and hands out header names
 * and values as views of it: no String per header, no hash map. Names are lower-cased, as
 * Envoy's codec does; the common ones become shared constants. A message its consumer hands
 * back ({@link Recyclable}) is reused, header map included, for the next one: steady-state
 * decoding allocates nothing.
 *
 * <p>What it refuses (a message whose decoder result is a failure, after which the rest of the
 * connection's input is dropped): a header block over the limit ({@link TooLongFrameException},
 * answered 431), a malformed start line or header line, a header name that is not a token, a
 * control character in a value, an obs-fold continuation line, both Content-Length and
 * Transfer-Encoding, a Transfer-Encoding other than chunked, Content-Length that is not a
 * single decimal number, a bad chunk size. Lines may end with CRLF or a bare LF (RFC 9112
 * section 2.2); a bare CR elsewhere is refused.
 *
 * <p>Buffers: body parts are retained slices of the input (copies, from a kept read buffer: see
 * {@link #readBody}), handed on with their ownership; the header block is copied, so nothing
 * downstream holds the input's memory for the headers.
 */
abstract class Http1Decoder {
  /** The longest chunk-size line accepted (size, extensions, CRLF). */
  private static final int MAX_CHUNK_LINE = 4096;
  /** Envoy's default {@code max_headers_count}: more headers (or trailers) are refused with 431. */
  static final int MAX_HEADERS = 100;
  /** Headers a proxied message usually gains (x-forwarded-proto, x-request-id, date, ...). */
  private static final int ADDED_HEADERS = 4;

  private enum State { START, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, FAILED }

  /** What a header block parse found about the body's framing. */
  protected static final long NO_LENGTH = -1;

  private final int maxHeaderBytes;
  private State state = State.START;
  /** Bytes of the current header block (from the reader index) already known to hold no blank line. */
  private int scanned;
  /**
   * Where each line of the header block being read ends (its LF, from the block's start), as
   * far as it was scanned, and how many lines that is: found once while looking for the blank
   * line, so parsing need not look for them again. Kept up to the most lines a block may have.
   */
  private int[] lineEnds = new int[16];
  private int lines;
  private long remaining;
  private boolean chunked;
  private long contentLength;
  /** A message handed back by its consumer, for the next header block; null if none. */
  private HttpMessage spare;
  /** The message whose Content-Length body is being read. */
  private HttpMessage bodyOf;

  Http1Decoder(int maxHeaderBytes) {
    this.maxHeaderBytes = maxHeaderBytes;
  }

  /**
   * Parses the start line {@code block[0, lineEnd)} and builds the message around
   * {@code headers}, or throws {@link BadMessageException}. {@code reuse}: a message handed back
   * whose header map {@code headers} is, to fill in place of a new one; null if none.
   */
  protected abstract HttpMessage startMessage(byte[] block, int lineEnd, HeaderMap headers, HttpMessage reuse);

  /**
   * The way back to this decoder for one reusable message (message, headers and views), once
   * its consumer is done with it: the next header block fills it. One is kept; more are left to
   * the collector.
   */
  final class Return {
    /** Between decoding and the one {@link #take} that takes it back. */
    private boolean handedOut = true;

    /** The message is decoded again and handed out. */
    void handOut() {
      handedOut = true;
    }

    /** Called by the message's {@link Recyclable#recycle}; once per hand-out counts. */
    void take(HttpMessage message) {
      if (handedOut) {
        handedOut = false;
        if (spare == null) {
          spare = message;
        }
      }
    }
  }

  /**
   * The last part of {@code message}'s Content-Length body, around {@code data} (whose ownership
   * goes with it): a new object unless the message brings a reusable one.
   */
  protected LastHttpContent lastPart(HttpMessage message, ByteBuf data) {
    return new DefaultLastHttpContent(data, EmptyHttpHeaders.INSTANCE);
  }

  /** Whether the header block just parsed says Transfer-Encoding: chunked. */
  protected final boolean chunkedBody() {
    return chunked;
  }

  /** The Content-Length of the header block just parsed, or {@link #NO_LENGTH}. */
  protected final long declaredContentLength() {
    return contentLength;
  }

  /** How the body of {@code message} is framed: see {@link Framing}. */
  protected abstract Framing framing(HttpMessage message, boolean chunked, long contentLength);

  /** The message to emit when the header block cannot be decoded. */
  protected abstract HttpMessage failedMessage();

  /** What follows the header block. */
  protected enum Framing { NONE, FIXED, CHUNKED, UNTIL_CLOSE }

  /** A message the codec refuses; becomes the emitted message's decoder failure. */
  static class BadMessageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadMessageException(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // a protocol verdict, not a bug: no stack trace to collect
    }
  }

  /** A transfer coding other than chunked: Envoy answers 501 (RFC 9112 section 6.1). */
  static final class UnsupportedTransferEncodingException extends BadMessageException {
    private static final long serialVersionUID = 1L;

    UnsupportedTransferEncodingException(String message) {
      super(message);
    }
  }

  /** Headers over the limit: answered 431 by the connection manager. */
  static class HeadersTooLargeException extends TooLongFrameException {
    private static final long serialVersionUID = 1L;

    HeadersTooLargeException(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  /** More headers than {@link #MAX_HEADERS}: 431, as Envoy answers. */
  static final class TooManyHeadersException extends HeadersTooLargeException {
    private static final long serialVersionUID = 1L;

    TooManyHeadersException(String message) {
      super(message);
    }
  }

  /**
   * Decodes what it can of {@code in} into {@code out}, reading past what it used; called again
   * while that makes progress (see {@link Http1Codec}).
   */
  final void decode(ByteBuf in, List<Object> out) {
    try {
      switch (state) {
        case START -> decodeHeaders(in, out);
        case FIXED_BODY -> decodeFixed(in, out);
        case CHUNK_SIZE -> decodeChunkSize(in);
        case CHUNK_DATA -> decodeChunkData(in, out);
        case CHUNK_END -> decodeChunkEnd(in);
        case TRAILERS -> decodeTrailers(in, out);
        case UNTIL_CLOSE -> out.add(new DefaultHttpContent(readBody(in, in.readableBytes())));
        case FAILED -> in.skipBytes(in.readableBytes());
      }
    } catch (BadMessageException | HeadersTooLargeException bad) {
      fail(in, out, bad);
    }
  }

  /** The input ended (the connection closed) after {@code in}: what it holds is the last of it. */
  final void decodeLast(ByteBuf in, List<Object> out) {
    if (in.isReadable()) {
      decode(in, out);
    }
    if (state == State.UNTIL_CLOSE) {
      state = State.START;
      out.add(LastHttpContent.EMPTY_LAST_CONTENT); // the close ends a body framed by it
    }
  }

  private void fail(ByteBuf in, List<Object> out, RuntimeException cause) {
    boolean inHeaders = state == State.START;
    state = State.FAILED;
    bodyOf = null;
    in.skipBytes(in.readableBytes());
    if (inHeaders) {
      HttpMessage message = failedMessage();
      message.setDecoderResult(DecoderResult.failure(cause));
      out.add(message);
    } else {
      LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
      last.setDecoderResult(DecoderResult.failure(cause));
      out.add(last);
    }
  }

  // ---- the header block ----

  private void decodeHeaders(ByteBuf in, List<Object> out) {
    if (scanned == 0) {
      skipLeadingLineBreaks(in);
    }
    int length = blockLength(in);
    if (length < 0) {
      return; // wait for more bytes
    }
    // Its header map is this block's from here on, whatever object the message becomes.
    HttpMessage reuse = spare;
    spare = null;
    HeaderMap headers = reuse != null ? (HeaderMap) reuse.headers() : new HeaderMap(0);
    byte[] block = headers.startBlock(length);
    in.readBytes(block, 0, length);
    int lineEnd = lineEnds[0];
    // The lines after the start line, but for the blank one; room for them all and for the
    // few headers the proxy adds on its way.
    headers.ensureCapacity(checkHeaderCount(lines - 2) + ADDED_HEADERS);
    chunked = false;
    contentLength = NO_LENGTH;
    parseHeaderLines(block, 1, lines - 1, headers, true);
    HttpMessage message = startMessage(block, contentEnd(block, lineEnd), headers, reuse);
    switch (framing(message, chunked, contentLength)) {
      case NONE -> {
        out.add(message);
        if (!(message instanceof LastHttpContent)) {
          out.add(LastHttpContent.EMPTY_LAST_CONTENT); // else the message is its own end
        }
      }
      case FIXED -> {
        out.add(message);
        if (contentLength == 0) {
          out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
          remaining = contentLength;
          bodyOf = message;
          state = State.FIXED_BODY;
        }
      }
      case CHUNKED -> {
        out.add(message);
        state = State.CHUNK_SIZE;
      }
      case UNTIL_CLOSE -> {
        out.add(message);
        state = State.UNTIL_CLOSE;
      }
    }
  }

  /** A message may be preceded by empty lines (RFC 9112 section 2.2); they are skipped. */
  private static void skipLeadingLineBreaks(ByteBuf in) {
    while (in.isReadable()) {
      byte b = in.getByte(in.readerIndex());
      if (b != '\r' && b != '\n') {
        return;
      }
      in.skipBytes(1);
    }
  }

  /**
   * The length of the header block at the reader index, through its blank line, or -1 when
   * it has not all arrived. Remembers how far it looked, so each byte is scanned once.
   */
  private int blockLength(ByteBuf in) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    if (scanned == 0) {
      lines = 0;
    }
    int lineStart = start + scanned;
    while (true) {
      int lf = in.indexOf(lineStart, end, (byte) '\n');
      if (lf >= 0) {
        recordLineEnd(lf - start);
      }
      if (lf < 0) {
        scanned = lineStart - start;
        if (end - start > maxHeaderBytes) {
          throw new HeadersTooLargeException("headers longer than " + maxHeaderBytes + " bytes");
        }
        return -1;
      }
      int lineLength = lf - lineStart;
      // A message's first line is never blank (leading line breaks were skipped); trailers'
      // may be: then the block is just the blank line.
      boolean blank = lineLength == 0 || lineLength == 1 && in.getByte(lineStart) == '\r';
      if (blank) {
        int length = lf + 1 - start;
        scanned = 0;
        if (length > maxHeaderBytes) {
          throw new HeadersTooLargeException("headers longer than " + maxHeaderBytes + " bytes");
        }
        return length;
      }
      lineStart = lf + 1;
    }
  }

  /** Notes the end of the next line; past the most a block may have, only counts it (the block is refused). */
  private void recordLineEnd(int lf) {
    if (lines == lineEnds.length && lines < MAX_HEADERS + 2) {
      lineEnds = java.util.Arrays.copyOf(lineEnds, Math.min(2 * lines, MAX_HEADERS + 2));
    }
    if (lines < lineEnds.length) {
      lineEnds[lines] = lf;
    }
    lines++;
  }

  /** {@code headers}, the number of header lines of a block; over the limit, refused. */
  private static int checkHeaderCount(int headers) {
    if (headers > MAX_HEADERS) {
      throw new TooManyHeadersException("more than " + MAX_HEADERS + " headers");
    }
    return headers;
  }

  /** The first index of {@code value} in {@code block[from, to)}, or -1. */
  static int indexOf(byte[] block, byte value, int from, int to) {
    for (int i = from; i < to; i++) {
      if (block[i] == value) {
        return i;
      }
    }
    return -1;
  }

  /** The end of a line's content: before the CR of its CRLF, if any. */
  private static int contentEnd(byte[] block, int lf) {
    return lf > 0 && block[lf - 1] == '\r' ? lf - 1 : lf;
  }

  /**
   * Parses lines {@code [fromLine, toLine)} of the block (by {@link #lineEnds}; none of them the
   * blank line) into {@code headers}; for message headers (not trailers) it also reads the
   * framing headers.
   */
  private void parseHeaderLines(byte[] block, int fromLine, int toLine, HeaderMap headers, boolean framingHeaders) {
    for (int line = fromLine; line < toLine; line++) {
      int lineStart = line == 0 ? 0 : lineEnds[line - 1] + 1;
      int lf = lineEnds[line];
      int end = contentEnd(block, lf);
      byte first = block[lineStart];
      if (first == ' ' || first == '\t') {
        throw new BadMessageException("obsolete line folding");
      }
      int colon = lineStart;
      while (colon < end && block[colon] != ':') {
        byte lower = Chars.lowerToken(block[colon]);
        if (lower == 0) {
          throw new BadMessageException("invalid header name character");
        }
        block[colon++] = lower;
      }
      if (colon == end || colon == lineStart) {
        throw new BadMessageException("malformed header line");
      }
      int valueStart = colon + 1;
      while (valueStart < end && (block[valueStart] == ' ' || block[valueStart] == '\t')) {
        valueStart++;
      }
      int valueEnd = end;
      while (valueEnd > valueStart && (block[valueEnd - 1] == ' ' || block[valueEnd - 1] == '\t')) {
        valueEnd--;
      }
      for (int i = valueStart; i < valueEnd; i++) {
        byte b = block[i];
        if ((b < 0x20 && b != '\t' && b >= 0) || b == 0x7f) {
          throw new BadMessageException("invalid header value character");
        }
      }
      AsciiString known = KnownHeaders.name(block, lineStart, colon - lineStart);
      CharSequence name = known != null ? known : headers.view(lineStart, colon - lineStart);
      CharSequence value = valueEnd == valueStart
          ? AsciiString.EMPTY_STRING
          : headers.view(valueStart, valueEnd - valueStart);
      if (framingHeaders) {
        readFraming(name, value);
      }
      headers.append(name, value);
    }
  }

  private void readFraming(CharSequence name, CharSequence value) {
    if (name == HttpHeaderNames.CONTENT_LENGTH) {
      if (contentLength != NO_LENGTH) {
        throw new BadMessageException("multiple Content-Length headers");
      }
      contentLength = parseLength(value);
    } else if (name == HttpHeaderNames.TRANSFER_ENCODING) {
      if (chunked || !AsciiString.contentEqualsIgnoreCase(value, HttpHeaderValues.CHUNKED)) {
        // Envoy's codec knows chunked alone; gzip and friends as transfer codings are refused.
        throw new UnsupportedTransferEncodingException("unsupported Transfer-Encoding: " + value);
      }
      chunked = true;
    }
    if (chunked && contentLength != NO_LENGTH) {
      throw new BadMessageException("both Content-Length and Transfer-Encoding");
    }
  }

  private static long parseLength(CharSequence value) {
    int length = value.length();
    if (length == 0) {
      throw new BadMessageException("invalid Content-Length");
    }
    long result = 0;
    int significant = 0;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new BadMessageException("invalid Content-Length");
      }
      if (result != 0 || c != '0') {
        significant++; // leading zeros do not count toward the limit
      }
      if (significant > 18) {
        throw new BadMessageException("Content-Length too large");
      }
      result = result * 10 + (c - '0');
    }
    return result;
  }

  // ---- bodies ----

  private void decodeFixed(ByteBuf in, List<Object> out) {
    int take = (int) Math.min(in.readableBytes(), remaining);
    ByteBuf part = readBody(in, take);
    remaining -= take;
    if (remaining == 0) {
      state = State.START;
      HttpMessage message = bodyOf;
      bodyOf = null;
      out.add(lastPart(message, part));
    } else {
      out.add(new DefaultHttpContent(part));
    }
  }

  /**
   * The next {@code length} body bytes of {@code in}, as a buffer of the caller's: a retained
   * slice, but for a kept read buffer (see {@link KeptBuffers#readAllocator()}), which never
   * leaves the codec: its slice would be a new object each time (only pooled buffers recycle
   * theirs), and a part that outlived its release would read the next connection's bytes
   * unnoticed. From it the bytes (at most one read's) are copied into a pooled buffer, which
   * the leak detector tracks and a use after release trips on.
   */
  private static ByteBuf readBody(ByteBuf in, int length) {
    if (in.alloc() != Buffers.KEPT) {
      return in.readRetainedSlice(length);
    }
    return Buffers.ALLOCATOR.directBuffer(length).writeBytes(in, length);
  }

  private void decodeChunkSize(ByteBuf in) {
    int start = in.readerIndex();
    int lf = in.indexOf(start, Math.min(in.writerIndex(), start + MAX_CHUNK_LINE), (byte) '\n');
    if (lf < 0) {
      if (in.readableBytes() >= MAX_CHUNK_LINE) {
        throw new BadMessageException("chunk size line too long");
      }
      return;
    }
    long size = 0;
    int digits = 0;
    int i = start;
    for (; i < lf; i++) {
      int digit = Character.digit(in.getByte(i), 16);
      if (digit < 0) {
        break;
      }
      if (size != 0 || digit != 0) { // leading zeros do not count toward the limit
        digits++;
      }
      if (digits > 15) {
        throw new BadMessageException("chunk size too large");
      }
      size = size * 16 + digit;
    }
    if (i == start) {
      throw new BadMessageException("invalid chunk size");
    }
    // The rest of the line: optional whitespace and extensions (ignored). A CR anywhere but
    // right before the LF, or another control character, is refused, as Envoy's parser does:
    // a peer that ended the line at that CR would frame the body differently.
    for (int j = i; j < lf; j++) {
      byte b = in.getByte(j);
      if (b == '\r' && j != lf - 1 || b != '\r' && b != '\t' && (b >= 0 && b < 0x20 || b == 0x7f)) {
        throw new BadMessageException("invalid character in the chunk size line");
      }
    }
    byte next = i < lf ? in.getByte(i) : (byte) '\n';
    if (next != ';' && next != '\r' && next != '\n' && next != ' ' && next != '\t') {
      throw new BadMessageException("invalid chunk size");
    }
    in.readerIndex(lf + 1);
    if (size == 0) {
      state = State.TRAILERS;
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
    }
  }

  private void decodeChunkData(ByteBuf in, List<Object> out) {
    int take = (int) Math.min(in.readableBytes(), remaining);
    out.add(new DefaultHttpContent(readBody(in, take)));
    remaining -= take;
    if (remaining == 0) {
      state = State.CHUNK_END;
    }
  }

  private void decodeChunkEnd(ByteBuf in) {
    int index = in.readerIndex();
    byte first = in.getByte(index);
    if (first == '\n') {
      in.skipBytes(1);
    } else if (first == '\r') {
      if (in.readableBytes() < 2) {
        return;
      }
      if (in.getByte(index + 1) != '\n') {
        throw new BadMessageException("chunk data not followed by CRLF");
      }
      in.skipBytes(2);
    } else {
      throw new BadMessageException("chunk data not followed by CRLF");
    }
    state = State.CHUNK_SIZE;
  }

  private void decodeTrailers(ByteBuf in, List<Object> out) {
    int length = blockLength(in);
    if (length < 0) {
      return;
    }
    HeaderMap trailers = new HeaderMap(0);
    byte[] block = trailers.startBlock(length);
    in.readBytes(block, 0, length);
    // Every line but the blank one that ends the block.
    trailers.ensureCapacity(checkHeaderCount(lines - 1));
    parseHeaderLines(block, 0, lines - 1, trailers, false);
    state = State.START;
    out.add(trailers.isEmpty()
        ? LastHttpContent.EMPTY_LAST_CONTENT
        : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers));
  }
}
