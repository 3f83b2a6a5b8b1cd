package io.remora.admin;

import io.remora.server.ServerStats;
import io.remora.stats.Counter;
import io.remora.stats.Gauge;
import io.remora.stats.Histogram;
import io.remora.stats.Metric;
import io.remora.stats.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code /stats} (text, JSON, Prometheus), {@code /stats/prometheus} and {@code /reset_counters}. */
final class StatsHandler {
  private final Stats stats;
  private final ServerStats serverStats;

  StatsHandler(Stats stats, ServerStats serverStats) {
    this.stats = stats;
    this.serverStats = serverStats;
  }

  /** The stats a request asks for: counters and gauges, then histograms with their reads. */
  record Selection(List<Metric> numeric, Map<Histogram, HistogramView> histograms) {}

  AdminResponse stats(AdminRequest request) {
    String format = request.param("format");
    if (format != null && !format.equals("json") && !format.equals("prometheus") && !format.equals("text")) {
      return AdminResponse.text(400, "usage: /stats?format=(html|active-html|json|prometheus|text)\n");
    }
    if ("prometheus".equals(format)) {
      return prometheus(request);
    }
    Selection selection;
    try {
      selection = select(request);
    } catch (PatternSyntaxException invalid) {
      return invalidRegex(invalid);
    }
    return "json".equals(format) ? AdminResponse.json(json(selection)) : AdminResponse.text(text(selection));
  }

  AdminResponse prometheus(AdminRequest request) {
    try {
      return AdminResponse.text(PrometheusFormat.render(select(request)));
    } catch (PatternSyntaxException invalid) {
      return invalidRegex(invalid);
    }
  }

  AdminResponse resetCounters(AdminRequest request) {
    stats.resetCounters();
    return AdminResponse.text("OK\n");
  }

  private static AdminResponse invalidRegex(PatternSyntaxException invalid) {
    return AdminResponse.text(400, "Invalid regex: \"" + invalid.getDescription() + "\"\n");
  }

  /** Applies {@code filter} (a regex found anywhere in the name) and {@code usedonly}. */
  Selection select(AdminRequest request) {
    serverStats.refresh();
    String filter = request.param("filter");
    Pattern pattern = filter == null ? null : Pattern.compile(filter);
    boolean usedOnly = request.has("usedonly");
    List<Metric> numeric = new ArrayList<>();
    Map<Histogram, HistogramView> histograms = new LinkedHashMap<>();
    for (Metric metric : stats.all()) {
      if (pattern != null && !pattern.matcher(metric.name()).find()) {
        continue;
      }
      if (metric instanceof Histogram histogram) {
        HistogramView view = HistogramView.read(histogram);
        if (!usedOnly || view.used()) {
          histograms.put(histogram, view);
        }
      } else if (!usedOnly || value(metric) != 0) {
        numeric.add(metric);
      }
    }
    return new Selection(numeric, histograms);
  }

  static long value(Metric metric) {
    if (metric instanceof Counter counter) {
      return counter.value();
    } else if (metric instanceof Gauge gauge) {
      return gauge.value();
    }
    throw new IllegalArgumentException("a histogram has no single value: " + metric.name());
  }

  /** {@code name: value} lines, then {@code name: P0(interval,cumulative) ...} lines. */
  static String text(Selection selection) {
    StringBuilder out = new StringBuilder();
    for (Metric metric : selection.numeric()) {
      out.append(metric.name()).append(": ").append(value(metric)).append('\n');
    }
    selection.histograms().forEach((histogram, view) -> {
      out.append(histogram.name()).append(": ");
      if (!view.used()) {
        out.append("No recorded values\n");
        return;
      }
      for (int i = 0; i < Histogram.QUANTILES.length; i++) {
        out.append(i == 0 ? "" : " ").append('P').append(Json.plain(Histogram.QUANTILES[i]))
            .append('(').append(Json.plain(view.intervalQuantiles()[i])).append(',')
            .append(Json.plain(view.cumulativeQuantiles()[i])).append(')');
      }
      out.append('\n');
    });
    return out.toString();
  }

  /** Envoy's {"stats":[{"name","value"}..., {"histograms":{supported_quantiles, computed_quantiles}}]}. */
  static String json(Selection selection) {
    List<String> entries = new ArrayList<>();
    for (Metric metric : selection.numeric()) {
      entries.add("{\"name\":" + Json.quote(metric.name()) + ",\"value\":" + value(metric) + "}");
    }
    if (!selection.histograms().isEmpty()) {
      List<String> quantiles = new ArrayList<>();
      for (double quantile : Histogram.QUANTILES) {
        quantiles.add(Json.plain(quantile));
      }
      List<String> computed = new ArrayList<>();
      selection.histograms().forEach((histogram, view) -> {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < Histogram.QUANTILES.length; i++) {
          values.add("{\"interval\":" + Json.number(view.intervalQuantiles()[i])
              + ",\"cumulative\":" + Json.number(view.cumulativeQuantiles()[i]) + "}");
        }
        computed.add("{\"name\":" + Json.quote(histogram.name()) + ",\"values\":[" + String.join(",", values) + "]}");
      });
      entries.add("{\"histograms\":{\"supported_quantiles\":[" + String.join(",", quantiles)
          + "],\"computed_quantiles\":[" + String.join(",", computed) + "]}}");
    }
    return "{\"stats\":[" + String.join(",", entries) + "]}\n";
  }
}
