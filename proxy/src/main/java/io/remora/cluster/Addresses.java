package io.remora.cluster;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Address formatting as Envoy prints it: {@code 127.0.0.1:80}, {@code [::1]:80}. */
public final class Addresses {
  private Addresses() {}

  public static String toString(InetSocketAddress address) {
    if (address == null) {
      return "-";
    }
    String ip = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    if (address.getAddress() instanceof Inet6Address) {
      int scope = ip.indexOf('%');
      if (scope >= 0) {
        ip = ip.substring(0, scope);
      }
      return "[" + compressIpv6(ip) + "]:" + address.getPort();
    }
    return ip + ":" + address.getPort();
  }

  /**
   * An IPv4 or IPv6 literal (IPv6 also in brackets), or null for anything else (a DNS name, an
   * empty string). Never does a lookup.
   */
  public static InetAddress ipLiteral(String text) {
    String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    boolean looksIpv4 = literal.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    boolean looksIpv6 = literal.indexOf(':') >= 0;
    if (literal.isEmpty() || (!looksIpv4 && !looksIpv6)) {
      return null;
    }
    try {
      return InetAddress.getByName(literal); // a literal: no lookup happens
    } catch (UnknownHostException notAnIp) {
      return null;
    }
  }

  /** IP without the port, for {@code %DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%}. */
  public static String ip(InetSocketAddress address) {
    String full = toString(address);
    int colon = full.lastIndexOf(':');
    String ip = full.substring(0, colon);
    return ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip;
  }

  private static String compressIpv6(String ip) {
    // Java prints 0:0:0:0:0:0:0:1; Envoy prints the RFC 5952 form ::1.
    String[] parts = ip.split(":");
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < parts.length; ) {
      if (parts[i].equals("0")) {
        int j = i;
        while (j < parts.length && parts[j].equals("0")) {
          j++;
        }
        if (j - i > bestLength && j - i > 1) {
          bestStart = i;
          bestLength = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return ip;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
    String tail = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLength, parts.length));
    return head + "::" + tail;
  }
}
