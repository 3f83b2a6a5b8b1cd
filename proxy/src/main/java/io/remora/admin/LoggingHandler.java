package io.remora.admin;

import io.remora.server.Logging;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /logging}: lists Remora's loggers and their levels; {@code ?level=L} sets them all,
 * {@code ?NAME=L} one, {@code ?paths=N1:L1,N2:L2} several. Errors answer 400 with Envoy's usage.
 */
final class LoggingHandler {
  AdminResponse logging(AdminRequest request) {
    String error = request.params().isEmpty() ? null : change(request.params());
    StringBuilder out = new StringBuilder();
    if (error != null) {
      out.append("error: ").append(error).append("\n\n");
      out.append("usage: /logging?<name>=<level> (change single level)\n");
      out.append("usage: /logging?paths=name1:level1,name2:level2,... (change multiple levels)\n");
      out.append("usage: /logging?level=<level> (change all levels)\n");
      out.append("levels: ");
      for (String level : Logging.LEVELS) {
        out.append(level).append(' ');
      }
      out.append('\n');
    }
    out.append("active loggers:\n");
    new TreeMap<>(Logging.levels()).forEach((name, level) ->
        out.append("  ").append(name).append(": ").append(level).append('\n'));
    out.append('\n');
    return AdminResponse.text(error == null ? 200 : 400, out.toString());
  }

  /** Applies the change, or returns what is wrong with it (and changes nothing). */
  private static String change(Map<String, List<String>> params) {
    if (params.size() != 1) {
      return "invalid number of parameters";
    }
    Map.Entry<String, List<String>> param = params.entrySet().iterator().next();
    String key = param.getKey();
    String value = param.getValue().isEmpty() ? "" : param.getValue().get(0);
    Map<String, String> changes = new LinkedHashMap<>();
    if (key.equals("level")) {
      Logging.levels().keySet().forEach(name -> changes.put(name, value));
    } else if (key.equals("paths")) {
      for (String pair : value.split(",")) {
        String[] nameLevel = pair.trim().split(":", 2);
        if (nameLevel.length != 2 || nameLevel[0].isEmpty() || nameLevel[1].isEmpty()) {
          return "empty logger name or empty logger level";
        }
        changes.put(nameLevel[0], nameLevel[1]);
      }
    } else {
      changes.put(key, value);
    }
    Map<String, String> known = Logging.levels();
    for (Map.Entry<String, String> change : changes.entrySet()) {
      if (!List.of(Logging.LEVELS).contains(change.getValue())) {
        return "unknown logger level";
      }
      String name = change.getKey();
      if (!known.containsKey(name) && !known.containsKey("io.remora." + name)) {
        return "unknown logger name";
      }
    }
    changes.forEach(Logging::setLevel);
    return null;
  }
}
