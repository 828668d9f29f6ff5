package org.polyculture.worker;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The record of one state step of a segment: the hash of the state after {@code step} steps and the
 * loss of the step that produced it (none for the segment's start state or a non-finite loss).
 */
public record StepEntry(long step, Bytes32 stateHash, Optional<Float> loss) {}
