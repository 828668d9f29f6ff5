package org.polyculture.worker.cheat;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.transfer.server.ServableState;

/** Trains and commits honestly but answers every request for its states with "not here". */
final class WithholdStates implements CheatStrategy {

  @Override
  public String name() {
    return "withhold-states";
  }

  @Override
  public Optional<ServableState> serve(Bytes32 stateHash, Optional<ServableState> honest) {
    return Optional.empty();
  }
}
