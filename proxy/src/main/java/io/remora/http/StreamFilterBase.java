package io.remora.http;

/** What every HTTP filter instance has: a per-stream object told when its stream ends. */
public interface StreamFilterBase {
  /** The stream is over (completed or reset); release what the filter holds. */
  default void onDestroy() {}
}
