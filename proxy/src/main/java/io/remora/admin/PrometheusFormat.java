package io.remora.admin;

import io.remora.stats.Counter;
import io.remora.stats.Histogram;
import io.remora.stats.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Prometheus text exposition 0.0.4 as Envoy writes it: tag-extracted names under
 * {@code envoy_}, one {@code # TYPE} line per name, counters then gauges then histograms, and
 * histograms as cumulative buckets with Envoy's default bounds.
 */
final class PrometheusFormat {
  private PrometheusFormat() {}

  static String render(StatsHandler.Selection selection) {
    StringBuilder out = new StringBuilder();
    List<Metric> counters = new ArrayList<>();
    List<Metric> gauges = new ArrayList<>();
    for (Metric metric : selection.numeric()) {
      (metric instanceof Counter ? counters : gauges).add(metric);
    }
    group(out, counters, "counter", (metric, series) ->
        out.append(series.name()).append('{').append(labels(series.tags())).append("} ")
            .append(StatsHandler.value(metric)).append('\n'));
    group(out, gauges, "gauge", (metric, series) ->
        out.append(series.name()).append('{').append(labels(series.tags())).append("} ")
            .append(StatsHandler.value(metric)).append('\n'));
    group(out, new ArrayList<>(selection.histograms().keySet()), "histogram", (metric, series) ->
        histogram(out, series, selection.histograms().get((Histogram) metric)));
    return out.toString();
  }

  /** One stat as a series: its Prometheus name and its labels. */
  private record Series(String name, List<TagExtraction.Tag> tags) {}

  /** Groups stats by tag-extracted name (sorted), each group under its {@code # TYPE} line. */
  private static void group(StringBuilder out, List<? extends Metric> metrics, String type,
      BiConsumer<Metric, Series> line) {
    Map<String, List<Metric>> groups = new TreeMap<>();
    Map<Metric, Series> series = new java.util.HashMap<>();
    for (Metric metric : metrics) {
      TagExtraction.Extracted extracted = TagExtraction.extract(metric.name());
      String name = "envoy_" + sanitize(extracted.name());
      series.put(metric, new Series(name, extracted.tags()));
      groups.computeIfAbsent(name, key -> new ArrayList<>()).add(metric);
    }
    groups.forEach((name, members) -> {
      out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
      members.forEach(metric -> line.accept(metric, series.get(metric)));
      out.append('\n');
    });
  }

  private static void histogram(StringBuilder out, Series series, HistogramView view) {
    String labels = labels(series.tags());
    String prefix = labels.isEmpty() ? "" : labels + ",";
    for (int i = 0; i < HistogramView.BUCKETS.length; i++) {
      out.append(series.name()).append("_bucket{").append(prefix).append("le=\"")
          .append(Json.plain(HistogramView.BUCKETS[i])).append("\"} ").append(view.bucketCounts()[i]).append('\n');
    }
    out.append(series.name()).append("_bucket{").append(prefix).append("le=\"+Inf\"} ").append(view.count())
        .append('\n');
    out.append(series.name()).append("_sum{").append(labels).append("} ").append(Json.plain(view.sum())).append('\n');
    out.append(series.name()).append("_count{").append(labels).append("} ").append(view.count()).append('\n');
  }

  private static String labels(List<TagExtraction.Tag> tags) {
    StringBuilder out = new StringBuilder();
    for (TagExtraction.Tag tag : tags) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(sanitize(tag.name())).append("=\"").append(escape(tag.value())).append('"');
    }
    return out.toString();
  }

  /** Prometheus names allow [a-zA-Z0-9_] (the {@code envoy_} prefix keeps the first character legal). */
  static String sanitize(String name) {
    return name.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  /** Label values escape backslash, quote and newline, as the exposition format requires. */
  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
