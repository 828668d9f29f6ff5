package org.polyculture.worker.cheat;

import java.util.Optional;
import org.polyculture.worker.Commitment;
import org.polyculture.worker.SegmentKey;

/**
 * What a {@link CheatStrategy} may use to make up a commitment.
 *
 * @param key the segment being committed
 * @param previous the commitment of an earlier segment of the same job, as the chain index has it
 *     (the one before this one, when it is committed)
 */
public record CommitContext(SegmentKey key, Optional<Commitment> previous) {}
