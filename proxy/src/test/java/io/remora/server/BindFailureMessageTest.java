package io.remora.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.remora.listener.ListenerManager.BindFailure;
import java.net.BindException;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The one line a user sees when a listener cannot bind (running as root, port 80 cannot fail here). */
class BindFailureMessageTest {
  private static BindFailure failure(int port, String osMessage) {
    return new BindFailure(new InetSocketAddress("0.0.0.0", port), new BindException("bind(..) failed: " + osMessage));
  }

  @Test
  void lowPortWithoutRootGetsAHint() {
    assertThat(Main.bindFailureMessage(failure(80, "Permission denied"), false)).isEqualTo(
        "remora: cannot bind 0.0.0.0:80: Permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE).");
  }

  @Test
  void demoSuggestsAnotherPort() {
    assertThat(Main.bindFailureMessage(failure(80, "Permission denied"), true)).isEqualTo(
        "remora: cannot bind 0.0.0.0:80: Permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)."
            + " Try: ./remora demo --listener-port 10000");
  }

  @Test
  void portInUseHasNoHint() {
    assertThat(Main.bindFailureMessage(failure(8080, "Address already in use"), true))
        .isEqualTo("remora: cannot bind 0.0.0.0:8080: Address already in use");
  }
}
