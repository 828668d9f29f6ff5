package org.polyculture.protocol.economics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.audit.AuditSampler;
import org.polyculture.protocol.crypto.AbiWords;
import org.polyculture.protocol.crypto.Keccak256;

/**
 * Plays the cheating calculus out segment by segment, with the protocol's own audit sampling
 * ({@link AuditSampler}) picking the audited steps from a fresh block hash each time. Every draw
 * (the block hash, which verifiers are online, which jurors are dishonest) comes from keccak256
 * over the seed and counters, so a run is reproducible from its seed.
 */
public final class MonteCarloSimulation {

  private static final Bytes32 DOMAIN =
      Keccak256.hash(
          Bytes.wrap("polyculture.economics.monte-carlo.v1".getBytes(StandardCharsets.US_ASCII)));
  private static final long PURPOSE_RANDOMNESS = 1;
  private static final long PURPOSE_ONLINE = 2;
  private static final long PURPOSE_JUROR = 3;
  private static final long PURPOSE_PRIVATE_PICKS = 4;
  private static final long SIMULATED_JOB = 1;
  private static final double UNIT = 0x1.0p-53;

  private final EconomicParameters parameters;
  private final Bytes32 seed;

  public MonteCarloSimulation(EconomicParameters parameters, Bytes32 seed) {
    this.parameters = parameters;
    this.seed = seed;
  }

  /** Every strategy, {@code trials} trials each, in {@link Cheat} order. */
  public List<SimulatedStrategy> simulateAll(int trials) {
    return Arrays.stream(Cheat.values()).map(cheat -> simulate(cheat, trials)).toList();
  }

  /**
   * {@code trials} trials of {@code cheat}; each trial cheats on the concurrent segments against
   * one stake and counts its profit per segment.
   */
  public SimulatedStrategy simulate(Cheat cheat, int trials) {
    if (trials < 2) {
      throw new IllegalArgumentException("need at least 2 trials, was " + trials);
    }
    int segmentLength = parameters.segmentLength();
    BitSet tampered = cheat.tamperedOffsets(segmentLength);
    int concurrent = parameters.concurrentSegments();
    double gainLessCosts = CheatingCalculus.gainLessCosts(parameters, cheat);
    long sampleHits = 0;
    long detected = 0;
    long convicted = 0;
    double sum = 0;
    double sumOfSquares = 0;
    for (int trial = 0; trial < trials; trial++) {
      double stakeLeft = parameters.stake();
      double total = 0;
      for (int segment = 0; segment < concurrent; segment++) {
        Bytes32 randomness = draw(PURPOSE_RANDOMNESS, cheat.ordinal(), trial, segment);
        SegmentOutcome outcome = audit(randomness, segment, tampered);
        sampleHits += outcome.firstVerifierHit() ? 1 : 0;
        if (outcome.detected()) {
          detected++;
          if (juryHasHonestMajority(randomness)) {
            convicted++;
            double slashed = stakeLeft * parameters.slashShare();
            stakeLeft -= slashed;
            total -= slashed;
          } else {
            total += parameters.reward() + parameters.finderShare() * parameters.bond();
          }
        } else {
          total += parameters.reward();
        }
        total += gainLessCosts;
      }
      double perSegment = total / concurrent;
      sum += perSegment;
      sumOfSquares += perSegment * perSegment;
    }
    double mean = sum / trials;
    double variance = Math.max(0.0, (sumOfSquares - trials * mean * mean) / (trials - 1));
    long segments = (long) trials * concurrent;
    return new SimulatedStrategy(
        cheat, segments, sampleHits, detected, convicted, mean, Math.sqrt(variance / trials));
  }

  private record SegmentOutcome(boolean firstVerifierHit, boolean detected) {}

  private SegmentOutcome audit(Bytes32 randomness, int segment, BitSet tampered) {
    int segmentLength = parameters.segmentLength();
    int audits = parameters.effectiveAudits();
    boolean sharedHit =
        hits(
            AuditSampler.pickOffsets(randomness, SIMULATED_JOB, segment, segmentLength, audits),
            tampered);
    boolean firstHit = false;
    boolean detected = false;
    for (int verifier = 0; verifier < parameters.verifiers(); verifier++) {
      boolean hit =
          switch (parameters.picks()) {
            case SHARED -> sharedHit;
            case PRIVATE ->
                verifier == 0
                    ? sharedHit
                    : hits(
                        AuditSampler.pickOffsets(
                            Keccak256.hash(
                                randomness, AbiWords.uint(PURPOSE_PRIVATE_PICKS + verifier)),
                            SIMULATED_JOB,
                            segment,
                            segmentLength,
                            audits),
                        tampered);
          };
      if (verifier == 0) {
        firstHit = hit;
      }
      boolean online = uniform(randomness, PURPOSE_ONLINE, verifier) < parameters.verifierUptime();
      detected |= online && hit;
    }
    return new SegmentOutcome(firstHit, detected);
  }

  private boolean juryHasHonestMajority(Bytes32 randomness) {
    int dishonest = 0;
    for (int seat = 0; seat < parameters.jurySize(); seat++) {
      if (uniform(randomness, PURPOSE_JUROR, seat) < parameters.dishonestJurorShare()) {
        dishonest++;
      }
    }
    return dishonest <= parameters.jurySize() / 2;
  }

  private static boolean hits(List<Integer> picks, BitSet tampered) {
    for (int offset : picks) {
      if (tampered.get(offset)) {
        return true;
      }
    }
    return false;
  }

  private Bytes32 draw(long purpose, long a, long b, long c) {
    return Keccak256.hash(
        AbiWords.encode(
            DOMAIN,
            seed,
            AbiWords.uint(purpose),
            AbiWords.uint(a),
            AbiWords.uint(b),
            AbiWords.uint(c)));
  }

  /** A uniform double in [0, 1) from the top 53 bits of keccak256(randomness, purpose, index). */
  private static double uniform(Bytes32 randomness, long purpose, long index) {
    Bytes32 word =
        Keccak256.hash(AbiWords.encode(randomness, AbiWords.uint(purpose), AbiWords.uint(index)));
    return (word.getLong(0) >>> 11) * UNIT;
  }
}
