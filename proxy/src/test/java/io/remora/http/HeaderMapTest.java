package io.remora.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** The flat header map: case-insensitive names, order kept, Netty's HttpHeaders contract. */
class HeaderMapTest {
  @Test
  void namesMatchIgnoringCaseWhateverTheirType() {
    HeaderMap headers = new HeaderMap(2);
    headers.add(new AsciiString("X-Trace"), "a");
    headers.add("content-type", "text/plain");
    headers.add(HttpHeaderNames.HOST, "h");
    assertThat(headers.get("x-trace")).isEqualTo("a");
    assertThat(headers.get(AsciiString.of("X-TRACE"))).isEqualTo("a");
    assertThat(headers.get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/plain");
    assertThat(headers.get("HOST")).isEqualTo("h");
    assertThat(headers.get("x-tracf")).isNull();
    assertThat(headers.size()).isEqualTo(3);
  }

  @Test
  void lookupsFindEveryNameAddedWhateverItsCaseAndTypeAfterRemovalsClearsAndCopies() {
    HeaderMap headers = new HeaderMap(2);
    for (int i = 0; i < 200; i++) {
      headers.add(i % 2 == 0 ? "X-Name-" + i : new AsciiString("x-name-" + i), Integer.toString(i));
    }
    for (int i = 0; i < 200; i++) {
      assertThat(headers.get(new AsciiString("X-NAME-" + i))).isEqualTo(Integer.toString(i));
      assertThat(headers.contains("x-name-" + i)).isTrue();
      assertThat(headers.contains("x-name-" + (i + 200))).isFalse();
    }
    headers.remove("x-name-7");
    assertThat(headers.contains("X-Name-7")).isFalse();
    headers.add(HttpHeaderNames.CONNECTION, "close");
    assertThat(headers.get("Connection")).isEqualTo("close");
    HeaderMap copy = (HeaderMap) headers.copy();
    assertThat(copy.get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
    assertThat(copy.get("x-name-199")).isEqualTo("199");
    headers.clear();
    assertThat(headers.contains(HttpHeaderNames.CONNECTION)).isFalse();
    headers.set("Upgrade", "h2c");
    assertThat(headers.get(HttpHeaderNames.UPGRADE)).isEqualTo("h2c");
  }

  @Test
  void setReplacesEveryValueInThePlaceOfTheFirstAndRemoveKeepsTheOrder() {
    HeaderMap headers = new HeaderMap(1);
    headers.add("a", "1").add("b", "2").add("A", "3").add("c", "4");
    headers.set("a", "new");
    assertThat(headers.entries()).extracting(e -> e.getKey() + "=" + e.getValue())
        .containsExactly("a=new", "b=2", "c=4");
    headers.remove("B");
    assertThat(headers.entries()).extracting(e -> e.getKey() + "=" + e.getValue()).containsExactly("a=new", "c=4");
    headers.add("c", "5");
    assertThat(headers.getAll("C")).containsExactly("4", "5");
  }

  @Test
  void containsValueLooksAtCommaSeparatedElements() {
    HeaderMap headers = new HeaderMap();
    headers.add(HttpHeaderNames.CONNECTION, "Upgrade ,  keep-alive");
    headers.add(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    assertThat(headers.containsValue(HttpHeaderNames.CONNECTION, "KEEP-ALIVE", true)).isTrue();
    assertThat(headers.containsValue(HttpHeaderNames.CONNECTION, "KEEP-ALIVE", false)).isFalse();
    assertThat(headers.containsValue(HttpHeaderNames.CONNECTION, "keep", true)).isFalse();
    assertThat(headers.contains(HttpHeaderNames.TRANSFER_ENCODING, "chunked", true)).isTrue();
    assertThat(headers.getInt("transfer-encoding")).isNull();
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, 42);
    assertThat(headers.getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(42);
  }

  @Test
  void copyIsIndependent() {
    HeaderMap headers = new HeaderMap();
    headers.add("a", "1");
    HeaderMap copy = (HeaderMap) headers.copy();
    copy.set("a", "2");
    assertThat(headers.get("a")).isEqualTo("1");
    assertThat(copy.get("a")).isEqualTo("2");
    headers.clear();
    assertThat(headers.isEmpty()).isTrue();
    assertThat(copy.size()).isEqualTo(1);
  }

  /** Puts {@code text} into {@code headers} as a codec does: the block, then views of it, name and value. */
  private static void decoded(HeaderMap headers, String... namesAndValues) {
    byte[] bytes = String.join("", namesAndValues).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] block = headers.startBlock(bytes.length);
    System.arraycopy(bytes, 0, block, 0, bytes.length);
    int at = 0;
    for (int i = 0; i < namesAndValues.length; i += 2) {
      CharSequence name = headers.view(at, namesAndValues[i].length());
      at += namesAndValues[i].length();
      headers.append(name, headers.view(at, namesAndValues[i + 1].length()));
      at += namesAndValues[i + 1].length();
    }
  }

  @Test
  void viewsOfTheBlockAreFoundLikeAnyNameAndAReusedMapForgetsTheLastBlock() {
    HeaderMap headers = new HeaderMap(0);
    decoded(headers, "x-custom", "one", "host", "example", "x-custom", "two");
    assertThat(headers.get(AsciiString.of("X-Custom"))).isEqualTo("one");
    assertThat(headers.getAll("x-CUSTOM")).containsExactly("one", "two");
    assertThat(headers.get(HttpHeaderNames.HOST)).isEqualTo("example");
    assertThat(headers.getRaw("host")).isInstanceOf(HeaderBytes.class).hasToString("example");
    assertThat(headers.contains(HttpHeaderNames.HOST, "EXAMPLE", true)).isTrue();
    byte[] id = "0123".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    headers.appendCopy("x-id", id, 0, id.length);
    id[0] = 'X'; // the map keeps its own copy
    assertThat(headers.get("x-id")).isEqualTo("0123");
    HeaderMap copy = (HeaderMap) headers.copy();
    HeaderMap other = new HeaderMap();
    other.add("x-custom", headers.getRaw("x-custom"));

    decoded(headers, "other", "value");
    assertThat(headers.size()).isEqualTo(1);
    assertThat(headers.contains("x-custom")).isFalse();
    assertThat(headers.contains("host")).isFalse();
    assertThat(headers.get("other")).isEqualTo("value");
    // What was copied or added elsewhere does not change with the reused block.
    assertThat(copy.getAll("x-custom")).containsExactly("one", "two");
    assertThat(copy.get("x-id")).isEqualTo("0123");
    assertThat(other.get("x-custom")).isEqualTo("one");
  }

  @Test
  void aReusedMapLetsGoOfALargeBlockItReplaced() throws InterruptedException {
    HeaderMap headers = new HeaderMap(0);
    String cookie = "c".repeat(40_000);
    decoded(headers, "cookie", cookie, "x-a", "1", "x-b", "2", "x-c", "3");
    assertThat(headers.get("cookie")).isEqualTo(cookie); // a view caches its String
    WeakReference<byte[]> large = new WeakReference<>(headers.getRaw("cookie") instanceof HeaderBytes view
        ? view.array() : null);
    assertThat(large.get()).isNotNull();

    decoded(headers, "host", "a"); // a small block: the large one is not kept
    for (int i = 0; i < 20 && large.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(large.get()).as("the replaced 40 KB header block is still reachable").isNull();
    assertThat(headers.get("host")).isEqualTo("a");
  }

  @Test
  void aValueCopiedInGrowsTheBlockWithoutChangingEarlierViews() {
    HeaderMap headers = new HeaderMap(0);
    decoded(headers, "a", "1");
    byte[] big = "y".repeat(1000).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    headers.appendCopy("big", big, 0, big.length);
    headers.appendCopy("big", big, 0, 10);
    assertThat(headers.get("a")).isEqualTo("1");
    assertThat(headers.getAll("big")).containsExactly("y".repeat(1000), "y".repeat(10));
  }
}
