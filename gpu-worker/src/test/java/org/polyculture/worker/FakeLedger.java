package org.polyculture.worker;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.contracts.ContractRevertedException;

/**
 * One job's ledger in memory, enough to drive {@link SegmentLifecycle} through every branch without
 * a chain: tests set the chain's view directly and count what the worker sends.
 */
final class FakeLedger implements Ledger {

  static final String ME = "0x00000000000000000000000000000000000000aa";
  static final String OTHER = "0x00000000000000000000000000000000000000bb";
  static final BigInteger JOB = BigInteger.ONE;
  static final BigInteger REWARD = BigInteger.valueOf(50);
  static final BigInteger COMPENSATION = BigInteger.valueOf(30);
  static final long WINDOW = 100;

  long now = 1_000;
  boolean pending;
  long nextSegment;
  long finalizedSegments;
  long generation;
  Bytes32 tip = Bytes32.leftPad(Bytes.of(1));
  final Map<Long, SegmentView> segments = new HashMap<>();
  final Map<Long, Bytes32> commitments = new HashMap<>();
  final Map<Long, VoidedRange> voids = new HashMap<>();
  int claims;
  int commits;
  int finalizes;
  int rewards;
  int compensations;

  void set(long segment, String worker, long time, int status, int disputes, long gen) {
    segments.put(segment, new SegmentView(worker, time, status, disputes, gen));
  }

  @Override
  public String address() {
    return ME;
  }

  @Override
  public long chainTime() {
    return now;
  }

  @Override
  public boolean hasPendingTransactions() {
    return pending;
  }

  @Override
  public BigInteger jobCount() {
    return BigInteger.TWO;
  }

  @Override
  public JobView job(BigInteger jobId) {
    return new JobView(
        Bytes32.ZERO,
        Bytes32.ZERO,
        Bytes32.ZERO,
        tip,
        REWARD,
        BigInteger.TEN,
        BigInteger.valueOf(1_000),
        4,
        10,
        WINDOW,
        600,
        nextSegment,
        finalizedSegments,
        generation);
  }

  @Override
  public SegmentView segment(BigInteger jobId, long segment) {
    return segments.getOrDefault(
        segment, new SegmentView("0x0000000000000000000000000000000000000000", 0, 0, 0, 0));
  }

  @Override
  public VoidedRange voidedIn(BigInteger jobId, long generation) {
    return voids.getOrDefault(generation, new VoidedRange(0, 0, BigInteger.ZERO));
  }

  @Override
  public Bytes32 commitment(BigInteger jobId, long segment) {
    return commitments.getOrDefault(segment, Bytes32.ZERO);
  }

  @Override
  public ParticipantView participant() {
    return new ParticipantView(
        BigInteger.valueOf(1_000), 1, "http://worker.test", BigInteger.ZERO, 0, 0);
  }

  @Override
  public BigInteger tokenBalance() {
    return BigInteger.ZERO;
  }

  @Override
  public String endpointOf(String account) {
    return "";
  }

  @Override
  public void register(int roles, String endpoint, String hardware) {}

  @Override
  public void stake(BigInteger amount) {}

  @Override
  public long claim(BigInteger jobId, long segment) {
    claims++;
    set(segment, ME, now + 600, SegmentView.CLAIMED, 0, generation);
    return now + 600;
  }

  @Override
  public void commit(BigInteger jobId, long segment, Bytes32 start, Bytes32 stepRoot, Bytes32 end) {
    commits++;
    SegmentView view = segment(jobId, segment);
    if (!view.worker().equals(ME) || now > view.time()) {
      throw new ContractRevertedException("commit", "0x");
    }
    set(segment, ME, now, SegmentView.COMMITTED, 0, generation);
    commitments.put(segment, new Commitment(start, stepRoot, end).digest());
    nextSegment = segment + 1;
  }

  @Override
  public void finalizeSegment(BigInteger jobId, long segment) {
    finalizes++;
    SegmentView view = segment(jobId, segment);
    if (segment != finalizedSegments) {
      throw new ContractRevertedException("finalize", "0x");
    }
    set(segment, view.worker(), view.time(), SegmentView.FINALIZED, 0, view.generation());
    finalizedSegments = segment + 1;
  }

  @Override
  public BigInteger claimReward(BigInteger jobId, long segment) {
    rewards++;
    SegmentView view = segment(jobId, segment);
    set(segment, view.worker(), view.time(), SegmentView.REWARDED, 0, view.generation());
    return REWARD;
  }

  @Override
  public BigInteger claimCompensation(BigInteger jobId, long segment) {
    compensations++;
    SegmentView view = segment(jobId, segment);
    set(segment, view.worker(), view.time(), SegmentView.COMPENSATED, 0, view.generation());
    return COMPENSATION;
  }
}
