package org.polyculture.worker;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /v1/status} says about a worker: who it is, its stake, its segments by phase and
 * what it has earned. Amounts are token base units as decimal strings.
 *
 * @param address the worker's account
 * @param endpoint the URL it registered
 * @param cheat the cheating strategy it runs ("none" for an honest worker)
 * @param bondedStake its bonded stake when last read from the chain
 * @param unbondingStake its stake requested back and not yet withdrawn, when last read
 * @param stakeLockedUntil chain time until which its claims lock its stake, when last read
 * @param openDisputes open disputes against it, when last read from the staking contract
 * @param activity what it is doing now
 * @param segmentsByPhase how many of its segments are in each phase
 * @param rewards total rewards paid to it
 * @param compensation total compensation paid to it for voided segments
 * @param segments its most recent segments, newest first
 */
public record WorkerStatus(
    String address,
    String endpoint,
    String cheat,
    String bondedStake,
    String unbondingStake,
    long stakeLockedUntil,
    int openDisputes,
    String activity,
    Map<SegmentPhase, Integer> segmentsByPhase,
    String rewards,
    String compensation,
    List<Segment> segments) {

  /** One segment in the status. */
  public record Segment(
      String jobId,
      long segment,
      long attempt,
      SegmentPhase phase,
      long trainedSteps,
      int length,
      String startStateHash,
      String stepRoot,
      String endStateHash,
      String paid,
      String detail) {}
}
