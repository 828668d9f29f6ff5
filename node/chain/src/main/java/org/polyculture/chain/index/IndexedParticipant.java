package org.polyculture.chain.index;

/**
 * A registered worker or verifier: its roles bitmask (1 worker, 2 verifier) and where to reach it.
 */
public record IndexedParticipant(
    String address, int roles, String endpoint, String hardware, long updatedBlock) {

  public boolean isWorker() {
    return (roles & 1) != 0;
  }

  public boolean isVerifier() {
    return (roles & 2) != 0;
  }
}
