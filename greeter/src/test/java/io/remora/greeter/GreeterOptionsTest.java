package io.remora.greeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The greeter's command line. */
final class GreeterOptionsTest {
  @Test
  void defaultsToAllInterfacesOnPort8080() {
    assertThat(GreeterOptions.parse()).isEqualTo(new GreeterOptions("0.0.0.0", 8080));
  }

  @Test
  void takesHostAndPortInEitherSpelling() {
    assertThat(GreeterOptions.parse("--port", "9090", "--host", "127.0.0.1"))
        .isEqualTo(new GreeterOptions("127.0.0.1", 9090));
    assertThat(GreeterOptions.parse("--port=0", "--host=::1"))
        .isEqualTo(new GreeterOptions("::1", 0));
  }

  @Test
  void rejectsBadArguments() {
    assertThatIllegalArgumentException().isThrownBy(() -> GreeterOptions.parse("--port"));
    assertThatIllegalArgumentException().isThrownBy(() -> GreeterOptions.parse("--port", "http"));
    assertThatIllegalArgumentException().isThrownBy(() -> GreeterOptions.parse("--port", "65536"));
    assertThatIllegalArgumentException().isThrownBy(() -> GreeterOptions.parse("--host="));
    assertThatIllegalArgumentException().isThrownBy(() -> GreeterOptions.parse("8080"));
  }

  @Test
  void recognisesHelp() {
    assertThat(GreeterOptions.asksForHelp("--help")).isTrue();
    assertThat(GreeterOptions.asksForHelp("--port", "80")).isFalse();
  }
}
