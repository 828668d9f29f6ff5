package org.polyculture.governance.relay;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One relay per signer at a time: a second request for the same signer while the first is being
 * checked and mined is refused instead of racing it (which would spend gas on a transaction bound
 * to revert).
 */
final class InFlight {

  private final Set<String> signers = ConcurrentHashMap.newKeySet();

  /** A claim on {@code signer}, or empty when a relay for it is already in flight. */
  Optional<Claim> claim(String signer) {
    String key = signer.toLowerCase(Locale.ROOT);
    return signers.add(key) ? Optional.of(new Claim(key)) : Optional.empty();
  }

  /** Released when closed. */
  final class Claim implements AutoCloseable {
    private final String key;

    private Claim(String key) {
      this.key = key;
    }

    @Override
    public void close() {
      signers.remove(key);
    }
  }
}
