package io.remora.http;

/** What a filter callback tells the filter manager (Envoy's FilterHeadersStatus and friends). */
public enum FilterStatus {
  /** Pass the headers, data or trailers on to the next filter. */
  CONTINUE,
  /**
   * Stop here. For data, the filter now owns the buffer it was given. The filter resumes the
   * chain later with {@link StreamFilterCallbacks#continueDecoding()} or ends the stream with a
   * local reply.
   */
  STOP_ITERATION
}
