package io.remora.http.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.remora.http.HeaderMap;

/** Writes a {@link HeaderMap} as HTTP/1 header lines, straight from its arrays. */
final class HeaderBlock {
  private static final short COLON_SPACE = (':' << 8) | ' ';
  private static final short CRLF = ('\r' << 8) | '\n';

  private HeaderBlock() {}

  /** Writes the headers if they are a {@link HeaderMap} and says so; false leaves it to Netty. */
  static boolean write(HttpHeaders headers, ByteBuf out) {
    if (!(headers instanceof HeaderMap map)) {
      return false;
    }
    for (int i = 0; i < map.size(); i++) {
      writeAscii(map.nameAt(i), out);
      out.writeShort(COLON_SPACE);
      writeAscii(map.valueAt(i), out);
      out.writeShort(CRLF);
    }
    return true;
  }

  private static void writeAscii(CharSequence text, ByteBuf out) {
    if (text instanceof AsciiString ascii) {
      out.writeBytes(ascii.array(), ascii.arrayOffset(), ascii.length());
    } else {
      ByteBufUtil.writeAscii(out, text);
    }
  }
}
