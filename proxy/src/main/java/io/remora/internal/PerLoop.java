package io.remora.internal;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One value per event loop, made on the loop's first connection and used only on that loop
 * afterwards (a scratch buffer, a cache): what would otherwise be a thread-local, owned by
 * whoever owns this map. Looked up per connection, never per request.
 */
public final class PerLoop<T> {
  private final ConcurrentHashMap<EventExecutor, T> values = new ConcurrentHashMap<>();
  private final Supplier<T> factory;

  public PerLoop(Supplier<T> factory) {
    this.factory = factory;
  }

  /** The value of {@code loop}; call it on that loop. */
  public T get(EventExecutor loop) {
    T value = values.get(loop);
    return value != null ? value : values.computeIfAbsent(loop, ignored -> factory.get());
  }
}
