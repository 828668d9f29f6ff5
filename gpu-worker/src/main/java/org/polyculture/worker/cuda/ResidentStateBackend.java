package org.polyculture.worker.cuda;

import org.polyculture.engine.backend.Backend;

/**
 * A backend that can hash, and serialise, a training state whose tensors it holds, without the
 * caller reading the tensors back: on the CUDA backend only the leaf digests cross to the host.
 * This is the interface a resident training loop needs from a backend (docs/gpu.md, "Hashing").
 */
public interface ResidentStateBackend extends Backend {

  /**
   * Starts hashing {@code state} as it is after the work issued so far; later work may overwrite
   * its tensors without changing the result.
   */
  PendingStateHash hashState(ResidentState state);

  /** The canonical bytes of {@code state} (docs/state.md §2). */
  byte[] stateBytes(ResidentState state);
}
