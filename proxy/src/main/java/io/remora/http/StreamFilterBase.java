package io.remora.http;

/** What every HTTP filter instance has: a per-stream object told when its stream ends. */
public interface StreamFilterBase {
  /** The stream is over (completed or reset); release what the filter holds. */
  default void onDestroy() {}

  /**
   * Asked of a destroyed filter by its connection's next stream, which would use it again
   * instead of making a new one: true if it has reset itself for a new stream (nothing of the
   * old one is still due to call it back), false to be replaced. Filters are made anew unless
   * they say yes.
   */
  default boolean reuse() {
    return false;
  }
}
