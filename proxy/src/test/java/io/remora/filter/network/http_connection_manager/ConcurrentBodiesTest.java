package io.remora.filter.network.http_connection_manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RawUpstream;
import io.remora.testing.RunningProxy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many connections at once through the proxy to an echo upstream, with random body sizes,
 * request framings (Content-Length, chunked with extensions), response framings
 * (Content-Length, chunked, close), pipelined requests and writes split at random points on
 * both sides: every echoed body must be the connection's own, byte for byte. The codec reads
 * into a few buffers its event loop reuses (KeptBuffers), so a view of one that escaped would
 * show another connection's bytes here.
 */
class ConcurrentBodiesTest {
  private static void sendSplit(RawHttp connection, byte[] bytes, Random random) throws Exception {
    int at = 0;
    while (at < bytes.length) {
      int piece = random.nextInt(4) == 0 ? bytes.length - at : Math.min(bytes.length - at, 1 + random.nextInt(3000));
      byte[] part = java.util.Arrays.copyOfRange(bytes, at, at + piece);
      connection.send(part);
      at += piece;
      if (random.nextInt(3) == 0) {
        Thread.sleep(1);
      }
    }
  }

  private static byte[] body(Random random, int size, char base) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (base + random.nextInt(20));
    }
    return b;
  }

  private static byte[] request(byte[] body, boolean chunked, String respMode, Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head = "POST /echo HTTP/1.1\r\nHost: test\r\nx-resp: " + respMode + "\r\n";
    if (chunked) {
      out.writeBytes((head + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      int at = 0;
      while (at < body.length) {
        int size = Math.min(body.length - at, 1 + random.nextInt(1500));
        out.writeBytes((Integer.toHexString(size) + (random.nextBoolean() ? ";ext=1" : "") + "\r\n").getBytes());
        out.write(body, at, size);
        out.writeBytes("\r\n".getBytes());
        at += size;
      }
      out.writeBytes("0\r\n\r\n".getBytes());
    } else {
      out.writeBytes((head + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  @Test
  void echoedBodiesAreEachConnectionsOwn() throws Exception {
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    try (RawUpstream upstream = RawUpstream.serving(connection -> {
          Random random = new Random();
          for (;;) {
            RawHttp.Message request = connection.readRequest();
            String mode = request.header("x-resp");
            byte[] body = request.body();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if ("chunked".equals(mode)) {
              out.writeBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes());
              int at = 0;
              while (at < body.length) {
                int size = Math.min(body.length - at, 1 + random.nextInt(1500));
                out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes());
                out.write(body, at, size);
                out.writeBytes("\r\n".getBytes());
                at += size;
              }
              out.writeBytes("0\r\n\r\n".getBytes());
            } else if ("close".equals(mode)) {
              out.writeBytes("HTTP/1.1 200 OK\r\n\r\n".getBytes());
              out.writeBytes(body);
            } else {
              out.writeBytes(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes());
              out.writeBytes(body);
            }
            try {
              sendSplit(connection, out.toByteArray(), random);
            } catch (Exception e) {
              throw new java.io.IOException(e);
            }
            if ("close".equals(mode)) {
              return;
            }
          }
        });
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()))) {
      int clients = 24;
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        final int id = c;
        futures.add(pool.submit(() -> {
          Random random = new Random(id * 7919L);
          char base = (char) ('A' + (id % 3) * 20); // A.., U.., o.. per connection group
          try (RawHttp client = RawHttp.connect(proxy.port())) {
            for (int round = 0; round < 60; round++) {
              int pipelined = random.nextInt(5) == 0 ? 2 + random.nextInt(2) : 1;
              List<byte[]> bodies = new ArrayList<>();
              List<String> modes = new ArrayList<>();
              ByteArrayOutputStream batch = new ByteArrayOutputStream();
              for (int p = 0; p < pipelined; p++) {
                int size = random.nextInt(4) == 0 ? random.nextInt(9000) : random.nextInt(1200);
                byte[] body = body(random, size, base);
                int pick = random.nextInt(6); String mode = pick == 0 ? "close" : pick < 3 ? "chunked" : "cl";
                bodies.add(body);
                modes.add(mode);
                batch.writeBytes(request(body, random.nextBoolean(), mode, random));
              }
              sendSplit(client, batch.toByteArray(), random);
              for (int p = 0; p < pipelined; p++) {
                RawHttp.Message response = client.read();
                if (response.status() != 200 || !java.util.Arrays.equals(response.body(), bodies.get(p))) {
                  failures.add("client " + id + " round " + round + " part " + p + " status " + response.status()
                      + " sent " + bodies.get(p).length + " got " + response.body().length + " mode " + modes.get(p)
                      + (response.body().length > 0 ? " first=" + (char) response.body()[0] : ""));
                  return null;
                }
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
          failures.add(e.toString());
        }
      }
      pool.shutdownNow();
    }
    assertThat(failures).isEmpty();
  }
}
