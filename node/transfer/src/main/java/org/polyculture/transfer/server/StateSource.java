package org.polyculture.transfer.server;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Where a server finds the states it serves, by state hash. A worker answers from its checkpoints,
 * recomputing forward from the nearest one when the state asked for is between checkpoints; that
 * may take a while, so implementations bound their own work and may throw {@link
 * SourceUnavailableException} when they cannot serve now.
 */
@FunctionalInterface
public interface StateSource {

  /** The state with this hash; empty when this node does not have (and cannot make) it. */
  Optional<ServableState> state(Bytes32 stateHash);

  /** A source that has nothing. */
  static StateSource none() {
    return stateHash -> Optional.empty();
  }
}
