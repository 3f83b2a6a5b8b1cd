package io.remora.admin;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Envoy's default tag extraction (its {@code well_known_names}), for the stat names Remora has:
 * each rule's first group is cut out of the name and its innermost group becomes the tag value,
 * so {@code cluster.x.upstream_rq_200} is {@code cluster.upstream_rq} with
 * {@code envoy_response_code="200"} and {@code envoy_cluster_name="x"}.
 */
final class TagExtraction {
  /** A stat name split into Envoy's tag-extracted name and its tags, in extraction order. */
  record Extracted(String name, List<Tag> tags) {}

  record Tag(String name, String value) {}

  private record Rule(String tag, Pattern pattern) {}

  // Envoy's order (most specific first); every rule runs against the full name.
  private static final List<Rule> RULES = List.of(
      rule("envoy.response_code", "_rq(_(\\d{3}))$"),
      rule("envoy.response_code_class", "_rq_(\\d)xx$"),
      rule("envoy.ssl_cipher", "^listener(?=\\.).*?\\.ssl\\.cipher(\\.(.*?))$"),
      rule("envoy.ssl_cipher_suite", "^cluster(?=\\.).*?\\.ssl\\.ciphers(\\.(.*?))$"),
      rule("envoy.tcp_prefix", "^tcp\\.((.*?)\\.)\\w+?$"),
      rule("envoy.udp_prefix", "^udp\\.((.*?)\\.)\\w+?$"),
      rule("envoy.ratelimit_prefix", "^ratelimit\\.((.*?)\\.)\\w+?$"),
      rule("envoy.cluster_name", "^cluster\\.(([^\\.]+)\\.).*"),
      rule("envoy.http_conn_manager_prefix", "^listener(?=\\.).*?\\.http\\.((.*?)\\.)"),
      rule("envoy.http_conn_manager_prefix", "^http\\.((.*?)\\.)"),
      rule("envoy.listener_address", "^listener\\.(((?:[_.\\d]*|[_\\[\\]aAbBcCdDeEfF\\d]*))\\.)"),
      rule("envoy.virtual_host", "^vhost\\.((.*?)\\.)"),
      rule("envoy.rds_route_config", "^http(?=\\.).*?\\.rds\\.((.*?)\\.)\\w+?$"),
      rule("envoy.worker_id", "^listener_manager\\.((worker_\\d+)\\.)"));

  private TagExtraction() {}

  private static Rule rule(String tag, String regex) {
    return new Rule(tag, Pattern.compile(regex));
  }

  static Extracted extract(String statName) {
    BitSet removed = new BitSet(statName.length());
    List<Tag> tags = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Rule rule : RULES) {
      if (seen.contains(rule.tag())) {
        continue; // a tag is extracted once; the first rule that matches wins
      }
      Matcher matcher = rule.pattern().matcher(statName);
      if (!matcher.find() || matcher.start(1) < 0) {
        continue;
      }
      int valueGroup = matcher.groupCount() >= 2 ? 2 : 1;
      tags.add(new Tag(rule.tag(), matcher.group(valueGroup)));
      seen.add(rule.tag());
      removed.set(matcher.start(1), matcher.end(1));
    }
    StringBuilder name = new StringBuilder(statName.length());
    for (int i = 0; i < statName.length(); i++) {
      if (!removed.get(i)) {
        name.append(statName.charAt(i));
      }
    }
    return new Extracted(name.toString(), List.copyOf(tags));
  }
}
