package io.remora.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.uring.IoUring;
import io.remora.server.Options;
import io.remora.testing.Configs;
import io.remora.testing.RawHttp;
import io.remora.testing.RunningProxy;
import io.remora.testing.TestUpstream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy works the same on each socket transport: keep-alive requests, a body, a close. */
class TransportTest {
  @ParameterizedTest
  @ValueSource(strings = {"epoll", "io_uring", "nio"})
  void proxiesOnTransport(String name) throws Exception {
    if (name.equals("io_uring")) {
      assumeTrue(IoUring.isAvailable(), "io_uring is not available on this kernel or in this sandbox");
    }
    try (TestUpstream upstream = TestUpstream.named("up");
        RunningProxy proxy = RunningProxy.start(Configs.httpProxy(upstream.port()),
            Options.defaults().withConcurrency(1).withTransport(name));
        RawHttp client = RawHttp.connect(proxy.port())) {
      assertThat(proxy.server().transportName()).isEqualTo(name);
      for (int i = 0; i < 3; i++) {
        RawHttp.Message response = client.get("test", "/" + i);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("up");
      }
      RawHttp.Message last = client.send("POST /x HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n"
          + "Connection: close\r\n\r\nhello").read();
      assertThat(last.status()).isEqualTo(200);
      assertThat(client.closedByPeer()).isTrue();
    }
  }
}
