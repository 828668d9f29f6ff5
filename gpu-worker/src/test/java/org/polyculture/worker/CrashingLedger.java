package org.polyculture.worker;

import java.io.IOException;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A {@link Ledger} that passes everything through, counts the transactions sent, and can "crash"
 * the worker right after a transaction went out (before the worker records that it did), the moment
 * a kill would hurt most.
 */
final class CrashingLedger implements Ledger {

  /** The transactions a crash can follow. */
  enum Sent {
    CLAIM,
    COMMIT,
    FINALIZE,
    CLAIM_REWARD,
    CLAIM_COMPENSATION
  }

  /** What a crashed worker sees: nothing after the transaction was sent. */
  static final class Crash extends RuntimeException {
    Crash(Sent after) {
      super("simulated crash after sending " + after);
    }
  }

  private final Ledger delegate;
  private final Set<Sent> crashAfter;
  private final Map<Sent, AtomicInteger> sent = new ConcurrentHashMap<>();

  CrashingLedger(Ledger delegate, Set<Sent> crashAfter) {
    this.delegate = delegate;
    this.crashAfter =
        crashAfter.isEmpty() ? EnumSet.noneOf(Sent.class) : EnumSet.copyOf(crashAfter);
  }

  static CrashingLedger counting(Ledger delegate) {
    return new CrashingLedger(delegate, Set.of());
  }

  int sent(Sent what) {
    return sent.getOrDefault(what, new AtomicInteger()).get();
  }

  private void after(Sent what) {
    sent.computeIfAbsent(what, w -> new AtomicInteger()).incrementAndGet();
    if (crashAfter.contains(what)) {
      throw new Crash(what);
    }
  }

  @Override
  public String address() {
    return delegate.address();
  }

  @Override
  public long chainTime() throws IOException {
    return delegate.chainTime();
  }

  @Override
  public boolean hasPendingTransactions() throws IOException {
    return delegate.hasPendingTransactions();
  }

  @Override
  public BigInteger jobCount() throws IOException {
    return delegate.jobCount();
  }

  @Override
  public JobView job(BigInteger jobId) throws IOException {
    return delegate.job(jobId);
  }

  @Override
  public SegmentView segment(BigInteger jobId, long segment) throws IOException {
    return delegate.segment(jobId, segment);
  }

  @Override
  public VoidedRange voidedIn(BigInteger jobId, long generation) throws IOException {
    return delegate.voidedIn(jobId, generation);
  }

  @Override
  public Bytes32 commitment(BigInteger jobId, long segment) throws IOException {
    return delegate.commitment(jobId, segment);
  }

  @Override
  public ParticipantView participant() throws IOException {
    return delegate.participant();
  }

  @Override
  public BigInteger tokenBalance() throws IOException {
    return delegate.tokenBalance();
  }

  @Override
  public String endpointOf(String account) throws IOException {
    return delegate.endpointOf(account);
  }

  @Override
  public void register(int roles, String endpoint, String hardware) throws IOException {
    delegate.register(roles, endpoint, hardware);
  }

  @Override
  public void stake(BigInteger amount) throws IOException {
    delegate.stake(amount);
  }

  @Override
  public long claim(BigInteger jobId, long segment) throws IOException {
    long deadline = delegate.claim(jobId, segment);
    after(Sent.CLAIM);
    return deadline;
  }

  @Override
  public void commit(BigInteger jobId, long segment, Bytes32 start, Bytes32 stepRoot, Bytes32 end)
      throws IOException {
    delegate.commit(jobId, segment, start, stepRoot, end);
    after(Sent.COMMIT);
  }

  @Override
  public void finalizeSegment(BigInteger jobId, long segment) throws IOException {
    delegate.finalizeSegment(jobId, segment);
    after(Sent.FINALIZE);
  }

  @Override
  public BigInteger claimReward(BigInteger jobId, long segment) throws IOException {
    BigInteger amount = delegate.claimReward(jobId, segment);
    after(Sent.CLAIM_REWARD);
    return amount;
  }

  @Override
  public BigInteger claimCompensation(BigInteger jobId, long segment) throws IOException {
    BigInteger amount = delegate.claimCompensation(jobId, segment);
    after(Sent.CLAIM_COMPENSATION);
    return amount;
  }
}
