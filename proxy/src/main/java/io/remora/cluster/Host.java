package io.remora.cluster;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One upstream endpoint. Its address and weight are fixed; its runtime state (active requests,
 * health) is shared by all event loops and updated with atomics, never locks.
 */
public final class Host {
  /** Health flag bits, as Envoy's {@code /clusters} prints them. */
  public static final int FAILED_ACTIVE_HEALTH_CHECK = 1;
  public static final int FAILED_OUTLIER_CHECK = 2;
  public static final int FAILED_EDS_HEALTH = 4;

  private final InetSocketAddress address;
  private final String hostname;
  private final int weight;
  private volatile int healthFlags;

  final LongAdder cxTotal = new LongAdder();
  final AtomicLong cxActive = new AtomicLong();
  final LongAdder cxConnectFail = new LongAdder();
  final LongAdder rqTotal = new LongAdder();
  final AtomicLong rqActive = new AtomicLong();
  final LongAdder rqSuccess = new LongAdder();
  final LongAdder rqError = new LongAdder();
  final LongAdder rqTimeout = new LongAdder();

  public Host(InetSocketAddress address, String hostname, int weight) {
    this.address = address;
    this.hostname = hostname;
    this.weight = Math.max(1, weight);
  }

  public InetSocketAddress address() {
    return address;
  }

  /** The DNS name the endpoint was configured with ("" for an IP literal). */
  public String hostname() {
    return hostname;
  }

  public int weight() {
    return weight;
  }

  public boolean healthy() {
    return healthFlags == 0;
  }

  public int healthFlags() {
    return healthFlags;
  }

  /** Use {@link Cluster#setHostHealth}, which also republishes the host set. */
  synchronized void setHealthFlag(int flag, boolean set) {
    healthFlags = set ? healthFlags | flag : healthFlags & ~flag;
  }

  public long activeRequests() {
    return rqActive.get();
  }

  /** {@code ip:port}, as Envoy prints host addresses. */
  public String addressString() {
    return Addresses.toString(address);
  }

  public long cxTotal() {
    return cxTotal.sum();
  }

  public long cxActive() {
    return cxActive.get();
  }

  public long cxConnectFail() {
    return cxConnectFail.sum();
  }

  public long rqTotal() {
    return rqTotal.sum();
  }

  public long rqSuccess() {
    return rqSuccess.sum();
  }

  public long rqError() {
    return rqError.sum();
  }

  public long rqTimeout() {
    return rqTimeout.sum();
  }

  /** A request to this host starts; called on an event loop. */
  public void onRequestStart() {
    rqTotal.increment();
    rqActive.incrementAndGet();
  }

  /** A request to this host ends: success is a non-5xx response. */
  public void onRequestEnd(boolean success, boolean timeout) {
    rqActive.decrementAndGet();
    if (success) {
      rqSuccess.increment();
    } else {
      rqError.increment();
    }
    if (timeout) {
      rqTimeout.increment();
    }
  }

  @Override
  public String toString() {
    return addressString();
  }
}
