package io.remora.listener;

import io.netty.channel.Channel;

/** Installs one network filter into a new downstream connection's pipeline. */
@FunctionalInterface
public interface NetworkFilterFactory {
  void install(Channel channel);
}
