package org.polyculture.app.training;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@code polyculture replay} found.
 *
 * @param step the step recomputed
 * @param replayedFrom the checkpoint (state step) the replay started from
 * @param recordedStateHash the hash the run recorded for the state after {@code step}
 * @param recomputedStateHash the hash of the state this node computed
 * @param match whether they are equal
 * @param divergedAtStep when a step before {@code step} already disagreed with its record, that
 *     step
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayReport(
    long step,
    long replayedFrom,
    String recordedStateHash,
    String recomputedStateHash,
    boolean match,
    Long divergedAtStep,
    String backend,
    int threads,
    double seconds) {}
