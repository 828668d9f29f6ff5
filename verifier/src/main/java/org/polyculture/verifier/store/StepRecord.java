package org.polyculture.verifier.store;

import java.util.Optional;
import org.polyculture.verifier.audit.StepCheck;
import org.polyculture.verifier.audit.StepVerdict;

/** A checked step as stored and reported; hashes are 0x-hex. */
public record StepRecord(
    long step,
    int offset,
    StepVerdict verdict,
    String committedStateHash,
    Optional<String> recomputedStateHash,
    String detail,
    long recomputeMillis) {

  public static StepRecord of(StepCheck check) {
    return new StepRecord(
        check.step(),
        check.offset(),
        check.verdict(),
        check.committedStateHash().toHexString(),
        check.recomputedStateHash().map(h -> h.toHexString()),
        check.detail(),
        check.recomputeNanos() / 1_000_000);
  }
}
