package io.remora.greeter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Path segment decoding. The JDK server already refuses malformed escapes while parsing the
 * request line, so those cases are only reachable here.
 */
final class PercentDecodingTest {
  @Test
  void decodesPercentEncodedUtf8AndLeavesPlusAlone() throws Exception {
    assertThat(PercentDecoding.decode("abohmeed")).isEqualTo("abohmeed");
    assertThat(PercentDecoding.decode("a%20b+c%2F%c3%a9")).isEqualTo("a b+c/é");
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%4", "a%zz", "%ff", "%C3", "%C0%AF"})
  void rejectsMalformedEscapesAndBytes(String segment) {
    assertThatThrownBy(() -> PercentDecoding.decode(segment))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("username");
  }
}
