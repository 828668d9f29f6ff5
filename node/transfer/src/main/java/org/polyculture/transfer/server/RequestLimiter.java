package org.polyculture.transfer.server;

import java.util.HashMap;
import java.util.Map;

/**
 * Bounds the requests a server handles at once, overall and per client address, so that one client
 * (or a crowd) cannot make the node buffer or recompute without limit. A request that would exceed
 * a bound is refused at once rather than queued.
 */
final class RequestLimiter {

  private final int maxInFlight;
  private final int maxPerClient;
  private final Map<String, Integer> perClient = new HashMap<>();
  private int inFlight;

  RequestLimiter(int maxInFlight, int maxPerClient) {
    this.maxInFlight = maxInFlight;
    this.maxPerClient = maxPerClient;
  }

  /** Takes a slot for {@code client}; false when a bound is reached (nothing is taken then). */
  synchronized boolean tryAcquire(String client) {
    int mine = perClient.getOrDefault(client, 0);
    if (inFlight >= maxInFlight || mine >= maxPerClient) {
      return false;
    }
    inFlight++;
    perClient.put(client, mine + 1);
    return true;
  }

  synchronized void release(String client) {
    int mine = perClient.getOrDefault(client, 0);
    if (mine <= 0) {
      throw new IllegalStateException("release without acquire for " + client);
    }
    inFlight--;
    if (mine == 1) {
      perClient.remove(client);
    } else {
      perClient.put(client, mine - 1);
    }
  }

  synchronized int inFlight() {
    return inFlight;
  }
}
