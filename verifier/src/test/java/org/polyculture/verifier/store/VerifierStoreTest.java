package org.polyculture.verifier.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.protocol.merkle.MerkleProof;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.storage.lmdb.LmdbConfig;
import org.polyculture.storage.lmdb.LmdbKeyValueStorage;
import org.polyculture.verifier.audit.AuditOutcome;
import org.polyculture.verifier.audit.Finding;
import org.polyculture.verifier.audit.SegmentAudit;
import org.polyculture.verifier.chain.DisputeKind;
import org.polyculture.verifier.chain.DisputeOutcome;
import org.polyculture.verifier.chain.LogPosition;
import org.polyculture.verifier.chain.SegmentCommit;
import org.polyculture.verifier.chain.Vote;

class VerifierStoreTest {

  @TempDir Path directory;
  private KeyValueStorage storage;
  private VerifierStore store;

  @BeforeEach
  void open() {
    storage = LmdbKeyValueStorage.open(LmdbConfig.at(directory));
    store = new VerifierStore(storage);
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void shouldKeepTheEventCursorAcrossARestart() {
    assertThat(store.cursor()).isEmpty();
    store.update(batch -> batch.cursor(new LogPosition(41, 7)));

    reopen();

    assertThat(store.cursor()).contains(new LogPosition(41, 7));
  }

  @Test
  void shouldNumberAuditsInTheOrderTheyAreSeen() {
    store.update(
        batch -> {
          batch.newAudit(sequence -> AuditRecord.pending(sequence, commit(0)));
          batch.newAudit(sequence -> AuditRecord.pending(sequence, commit(1)));
        });
    store.update(batch -> batch.newAudit(sequence -> AuditRecord.pending(sequence, commit(2))));

    assertThat(store.activeAudits()).extracting(AuditRecord::sequence).containsExactly(0L, 1L, 2L);
    assertThat(store.activeAudits())
        .extracting(a -> a.commitment().segment())
        .containsExactly(0L, 1L, 2L);
  }

  @Test
  void shouldDropAnAuditFromTheActiveSetOnceAuditedClean() {
    store.update(batch -> batch.newAudit(sequence -> AuditRecord.pending(sequence, commit(0))));
    AuditRecord pending = store.activeAudits().get(0);

    store.update(
        batch ->
            batch.put(
                pending.audited(
                    Bytes32.ZERO,
                    new SegmentAudit(
                        AuditOutcome.CLEAN, List.of(3, 1), List.of(), Optional.empty(), "ok"))));

    assertThat(store.activeAudits()).isEmpty();
    assertThat(store.audit(0).orElseThrow().status()).isEqualTo(AuditStatus.AUDITED);
    assertThat(store.audit(0).orElseThrow().result().orElseThrow().picks()).containsExactly(3, 1);
  }

  @Test
  void shouldPersistAFindingWithItsProofsSoTheDisputeCanBeSentAfterARestart() {
    Finding.Fraud fraud =
        new Finding.Fraud(
            12,
            hash(1),
            new MerkleProof(List.of(hash(2), hash(3))),
            hash(4),
            new MerkleProof(List.of(hash(5))),
            hash(6),
            false);
    store.update(batch -> batch.newAudit(sequence -> AuditRecord.pending(sequence, commit(1))));
    AuditRecord pending = store.activeAudits().get(0);
    store.update(
        batch ->
            batch.put(
                pending.audited(
                    hash(9),
                    new SegmentAudit(
                        AuditOutcome.FRAUD, List.of(4), List.of(), Optional.of(fraud), "x"))));

    reopen();

    AuditRecord disputing = store.activeAudits().get(0);
    assertThat(disputing.status()).isEqualTo(AuditStatus.DISPUTING);
    assertThat(disputing.finding().orElseThrow().toFinding()).isEqualTo(fraud);
    assertThat(disputing.commit()).isEqualTo(commit(1));
  }

  @Test
  void shouldPersistAWithheldStepListSoItsDisputeCanBeSentAfterARestart() {
    Finding.StepListWithheld withheld =
        new Finding.StepListWithheld(32, hash(7), "the worker did not serve the step hashes");
    store.update(batch -> batch.newAudit(sequence -> AuditRecord.pending(sequence, commit(1))));
    AuditRecord pending = store.activeAudits().get(0);
    store.update(
        batch ->
            batch.put(
                pending.audited(
                    hash(9),
                    new SegmentAudit(
                        AuditOutcome.STEPS_UNAVAILABLE,
                        List.of(4),
                        List.of(),
                        Optional.of(withheld),
                        "x"))));

    reopen();

    AuditRecord disputing = store.activeAudits().get(0);
    assertThat(disputing.status()).isEqualTo(AuditStatus.DISPUTING);
    assertThat(disputing.finding().orElseThrow().kind()).isEqualTo(DisputeKind.STEP_LIST);
    assertThat(disputing.finding().orElseThrow().toFinding()).isEqualTo(withheld);
  }

  @Test
  void shouldSeeItsOwnWritesWithinABatch() {
    store.update(
        batch -> {
          AuditRecord audit = batch.newAudit(sequence -> AuditRecord.pending(sequence, commit(0)));
          assertThat(batch.activeAudits()).containsExactly(audit);
          batch.put(audit.withStatus(AuditStatus.SKIPPED, "job unusable"));
          assertThat(batch.activeAudits()).isEmpty();
        });

    assertThat(store.activeAudits()).isEmpty();
  }

  @Test
  void shouldKeepAJurorsVoteAndSaltUntilSettled() {
    String salt = hash(77).toHexString();
    store.update(
        batch ->
            batch.put(
                JuryRecord.drawn("5", 2, DisputeKind.FRAUD)
                    .decided(Vote.WORKER_AT_FAULT, salt, "recomputed")
                    .withStatus(JuryStatus.COMMITTED)));

    reopen();

    JuryRecord duty = store.activeJuryDuties().get(0);
    assertThat(duty.salt()).contains(salt);
    assertThat(duty.vote()).contains(Vote.WORKER_AT_FAULT);
    assertThat(duty.seat()).isEqualTo(2);

    store.update(
        batch ->
            batch.put(
                duty.withStatus(JuryStatus.REVEALED).settled(DisputeOutcome.WORKER_AT_FAULT)));

    assertThat(store.activeJuryDuties()).isEmpty();
    JuryRecord settled = store.jury(BigInteger.valueOf(5)).orElseThrow();
    assertThat(settled.withMajority()).contains(true);
  }

  @Test
  void shouldCountAnUnrevealedVoteAsOutsideTheMajority() {
    JuryRecord committed =
        JuryRecord.drawn("8", 0, DisputeKind.AVAILABILITY)
            .decided(Vote.WORKER_AT_FAULT, hash(1).toHexString(), "withheld")
            .withStatus(JuryStatus.COMMITTED);

    assertThat(committed.settled(DisputeOutcome.WORKER_AT_FAULT).withMajority()).contains(false);
  }

  @Test
  void shouldListTheLatestAuditsOldestFirst() {
    for (int i = 0; i < 5; i++) {
      long segment = i;
      store.update(
          batch -> batch.newAudit(sequence -> AuditRecord.pending(sequence, commit(segment))));
    }

    assertThat(store.recentAudits(3))
        .extracting(a -> a.commitment().segment())
        .containsExactly(2L, 3L, 4L);
    assertThat(store.recentAudits(10)).hasSize(5);
  }

  private void reopen() {
    storage.close();
    open();
  }

  private static SegmentCommit commit(long segment) {
    return new SegmentCommit(
        BigInteger.TWO, segment, "0x" + "aa".repeat(20), hash(10), hash(11), hash(12), 100);
  }

  private static Bytes32 hash(int seed) {
    return Bytes32.leftPad(org.apache.tuweni.bytes.Bytes.ofUnsignedInt(seed + 1_000));
  }
}
