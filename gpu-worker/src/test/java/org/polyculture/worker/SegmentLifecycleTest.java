package org.polyculture.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.storage.InMemoryKeyValueStorage;
import org.polyculture.worker.Ledger.SegmentView;

/** Every phase settled against what the chain says, with the transactions counted. */
class SegmentLifecycleTest {

  private final FakeLedger ledger = new FakeLedger();
  private final WorkerStore store =
      new WorkerStore(new InMemoryKeyValueStorage(), StateHasher.singleThreaded());
  private final SegmentLifecycle lifecycle = new SegmentLifecycle(store, ledger);
  private final Commitment commitment =
      new Commitment(ledger.tip, Bytes32.leftPad(Bytes.of(2)), Bytes32.leftPad(Bytes.of(3)));

  private SegmentRecord record(long segment, SegmentPhase phase) {
    SegmentRecord record =
        SegmentRecord.claiming(
                new SegmentKey(FakeLedger.JOB, segment, 0), 0, segment * 4, 4, ledger.tip, 100)
            .withLease(ledger.now + 600)
            .withPhase(phase, "test");
    if (phase.ordinal() >= SegmentPhase.COMMITTING.ordinal()) {
      record = record.withCommitment(commitment.stepRoot(), commitment.endStateHash());
    }
    store.put(record);
    return record;
  }

  @Test
  void shouldTakeUpALeaseThatAlreadyLandedWithoutClaimingAgain() throws Exception {
    ledger.set(0, FakeLedger.ME, ledger.now + 500, SegmentView.CLAIMED, 0, 0);

    SegmentRecord after = lifecycle.claim(record(0, SegmentPhase.CLAIMING));

    assertThat(after.phase()).isEqualTo(SegmentPhase.TRAINING);
    assertThat(after.leaseDeadline()).isEqualTo(ledger.now + 500);
    assertThat(ledger.claims).isZero();
  }

  @Test
  void shouldClaimAFreeSegmentOnceAndAbandonOneSomeoneElseHolds() throws Exception {
    SegmentRecord claimed = lifecycle.claim(record(0, SegmentPhase.CLAIMING));
    ledger.set(1, FakeLedger.OTHER, ledger.now + 500, SegmentView.CLAIMED, 0, 0);
    ledger.nextSegment = 1;
    SegmentRecord taken = lifecycle.claim(record(1, SegmentPhase.CLAIMING));

    assertThat(claimed.phase()).isEqualTo(SegmentPhase.TRAINING);
    assertThat(ledger.claims).isEqualTo(1);
    assertThat(taken.phase()).isEqualTo(SegmentPhase.ABANDONED);
    assertThat(store.record(taken.key())).contains(taken);
  }

  @Test
  void shouldWaitForAPendingTransactionRatherThanSendAnother() throws Exception {
    ledger.pending = true;
    ledger.set(1, FakeLedger.ME, ledger.now + 500, SegmentView.CLAIMED, 0, 0);

    SegmentRecord claiming = lifecycle.claim(record(0, SegmentPhase.CLAIMING));
    SegmentRecord committing = lifecycle.commit(record(1, SegmentPhase.COMMITTING), commitment);

    assertThat(claiming.phase()).isEqualTo(SegmentPhase.CLAIMING);
    assertThat(committing.phase()).isEqualTo(SegmentPhase.COMMITTING);
    assertThat(ledger.claims).isZero();
    assertThat(ledger.commits).isZero();
  }

  @Test
  void shouldRecogniseItsOwnCommitmentOnChainInsteadOfSendingItAgain() throws Exception {
    ledger.set(0, FakeLedger.ME, 990, SegmentView.COMMITTED, 0, 0);
    ledger.commitments.put(0L, commitment.digest());

    SegmentRecord after = lifecycle.commit(record(0, SegmentPhase.COMMITTING), commitment);

    assertThat(after.phase()).isEqualTo(SegmentPhase.COMMITTED);
    assertThat(after.commitTime()).isEqualTo(990);
    assertThat(ledger.commits).isZero();
  }

  @Test
  void shouldAbandonWhenAnotherCommitmentIsOnChainOrTheLeaseRanOut() throws Exception {
    ledger.set(0, FakeLedger.ME, 990, SegmentView.COMMITTED, 0, 0);
    ledger.commitments.put(0L, Bytes32.leftPad(Bytes.of(77)));
    ledger.set(1, FakeLedger.ME, ledger.now - 1, SegmentView.CLAIMED, 0, 0);

    SegmentRecord other = lifecycle.commit(record(0, SegmentPhase.COMMITTING), commitment);
    SegmentRecord expired = lifecycle.commit(record(1, SegmentPhase.TRAINED), commitment);

    assertThat(other.phase()).isEqualTo(SegmentPhase.ABANDONED);
    assertThat(expired.phase()).isEqualTo(SegmentPhase.ABANDONED);
    assertThat(ledger.commits).isZero();
  }

  @Test
  void shouldSendACommitmentThatNeverLandedExactlyOnce() throws Exception {
    ledger.set(0, FakeLedger.ME, ledger.now + 500, SegmentView.CLAIMED, 0, 0);

    SegmentRecord after = lifecycle.commit(record(0, SegmentPhase.COMMITTING), commitment);
    SegmentRecord again =
        lifecycle.commit(after.withPhase(SegmentPhase.COMMITTING, ""), commitment);

    assertThat(after.phase()).isEqualTo(SegmentPhase.COMMITTED);
    assertThat(again.phase()).isEqualTo(SegmentPhase.COMMITTED);
    assertThat(ledger.commits).isEqualTo(1);
    assertThat(ledger.commitments.get(0L)).isEqualTo(commitment.digest());
  }

  @Test
  void shouldFinalizeEarlierSegmentsFirstAndOnlyAfterTheWindowWithoutDisputes() throws Exception {
    ledger.nextSegment = 2;
    ledger.set(0, FakeLedger.OTHER, 950, SegmentView.COMMITTED, 0, 0);
    ledger.set(1, FakeLedger.ME, 960, SegmentView.COMMITTED, 1, 0);
    SegmentRecord mine = record(1, SegmentPhase.COMMITTED);

    ledger.now = 2_000;
    SegmentRecord disputed = lifecycle.followCommitted(mine);
    ledger.set(1, FakeLedger.ME, 960, SegmentView.COMMITTED, 0, 0);
    ledger.now = 1_050;
    SegmentRecord early = lifecycle.followCommitted(mine);
    ledger.now = 1_061;
    SegmentRecord due = lifecycle.followCommitted(mine);
    SegmentRecord rewarded = lifecycle.claimReward(due);

    assertThat(disputed.phase()).isEqualTo(SegmentPhase.COMMITTED);
    assertThat(early.phase()).isEqualTo(SegmentPhase.COMMITTED);
    assertThat(due.phase()).isEqualTo(SegmentPhase.FINALIZED);
    assertThat(ledger.finalizes).isEqualTo(2);
    assertThat(ledger.finalizedSegments).isEqualTo(2);
    assertThat(rewarded.phase()).isEqualTo(SegmentPhase.REWARDED);
    assertThat(rewarded.paid()).isEqualTo(FakeLedger.REWARD);
  }

  @Test
  void shouldCountARewardPaidBeforeARestartWithoutClaimingItAgain() throws Exception {
    // The claim landed but the process died before its receipt: after the restart the record is
    // FINALIZED (or still COMMITTED) while the chain says REWARDED.
    ledger.set(0, FakeLedger.ME, 960, SegmentView.REWARDED, 0, 0);
    ledger.set(1, FakeLedger.ME, 960, SegmentView.REWARDED, 0, 0);
    ledger.nextSegment = 2;

    SegmentRecord finalized = lifecycle.claimReward(record(0, SegmentPhase.FINALIZED));
    SegmentRecord committed = lifecycle.followCommitted(record(1, SegmentPhase.COMMITTED));

    assertThat(finalized.phase()).isEqualTo(SegmentPhase.REWARDED);
    assertThat(finalized.paid()).isEqualTo(FakeLedger.REWARD);
    assertThat(committed.phase()).isEqualTo(SegmentPhase.REWARDED);
    assertThat(committed.paid()).isEqualTo(FakeLedger.REWARD);
    assertThat(store.record(finalized.key())).contains(finalized);
    assertThat(ledger.rewards).isZero();
  }

  @Test
  void shouldNoticeAVoidAndClaimCompensationOnceNoDisputeIsOpen() throws Exception {
    ledger.set(2, FakeLedger.ME, 990, SegmentView.COMMITTED, 1, 0);
    ledger.nextSegment = 1;
    ledger.generation = 1;

    SegmentRecord voided = lifecycle.followCommitted(record(2, SegmentPhase.COMMITTED));
    SegmentRecord waiting = lifecycle.claimCompensation(voided);
    ledger.set(2, FakeLedger.ME, 990, SegmentView.COMMITTED, 0, 0);
    SegmentRecord compensated = lifecycle.claimCompensation(waiting);

    assertThat(voided.phase()).isEqualTo(SegmentPhase.VOIDED);
    assertThat(waiting.phase()).isEqualTo(SegmentPhase.VOIDED);
    assertThat(compensated.phase()).isEqualTo(SegmentPhase.COMPENSATED);
    assertThat(compensated.paid()).isEqualTo(BigInteger.valueOf(30));
    assertThat(ledger.compensations).isEqualTo(1);
  }

  @Test
  void shouldRecordAProvenFraudAndASegmentClaimedAgainAfterItsVoid() throws Exception {
    ledger.nextSegment = 5;
    ledger.set(0, FakeLedger.ME, 990, SegmentView.FRAUD, 0, 0);
    ledger.set(1, FakeLedger.OTHER, 2_000, SegmentView.CLAIMED, 0, 1);

    SegmentRecord fraud = lifecycle.followCommitted(record(0, SegmentPhase.COMMITTED));
    SegmentRecord reclaimed = lifecycle.followCommitted(record(1, SegmentPhase.COMMITTED));

    assertThat(fraud.phase()).isEqualTo(SegmentPhase.FRAUD);
    assertThat(reclaimed.phase()).isEqualTo(SegmentPhase.COMPENSATED);
  }
}
