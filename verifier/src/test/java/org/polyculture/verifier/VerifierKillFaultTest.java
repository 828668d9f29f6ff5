package org.polyculture.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.JavaProcess;
import org.polyculture.testkit.LocalChain;
import org.polyculture.transfer.client.ClientSettings;
import org.polyculture.transfer.client.TransferClient;
import org.polyculture.verifier.chain.DisputeOutcome;
import org.polyculture.verifier.chain.Vote;
import org.polyculture.verifier.fetch.TransferDatasetSource;
import org.polyculture.verifier.fetch.TransferWorkerData;
import org.polyculture.verifier.store.AuditRecord;
import org.polyculture.verifier.store.AuditStatus;
import org.web3j.crypto.Credentials;

/**
 * A juror in a process of its own, killed with SIGKILL while its vote commitment waits in the pool
 * (the chain stops mining so the kill lands between "sent" and "in a block"), then started again on
 * the same data directory once the other jurors have committed: it reveals before the reveal
 * deadline with the salt it stored before sending (any other salt would not match the commitment),
 * and the dispute resolves with its vote counted.
 */
@ExtendWith(GanacheExtension.class)
class VerifierKillFaultTest {

  private static final int SEGMENT_LENGTH = 8;
  private static final int VERIFIERS = 7;
  private static final String COMMIT_VOTE = "commitVote(uint256,uint256,bytes32)";

  @TempDir Path directory;

  @Test
  void shouldRevealBeforeTheDeadlineAfterBeingKilledBetweenSendingItsVoteAndItsReceipt(
      LocalChain chain) throws Exception {
    LocalChain.Snapshot snapshot = chain.snapshot();
    try (TransferClient transfers =
            new TransferClient(
                new ClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(20), 2, 2));
        CommonsOnGanache commons = CommonsOnGanache.deploy(chain)) {
      Credentials worker = chain.account(1);
      commons.fund(worker, CommonsOnGanache.WORKER_STAKE);
      for (int i = 0; i < VERIFIERS; i++) {
        commons.fund(verifierKey(chain, i), CommonsOnGanache.VERIFIER_TOKENS);
      }
      TinyJob packed = TinyJob.create(directory.resolve("job"), BigInteger.ZERO, SEGMENT_LENGTH, 1);
      try (HttpWorker served = HttpWorker.start(packed.datasetDirectory())) {
        TinyJob job = packed.servedAt(served.endpoint());
        BigInteger jobId = commons.createJob(job);
        commons.stakeWorker(worker, served.endpoint());
        VerifierPool pool = new VerifierPool(commons, transfers, directory);
        for (int i = 0; i < VERIFIERS; i++) {
          VerifierNode node = pool.node(i, 0);
          assertThat(node.ensureStake().sufficient()).isTrue();
          commons.stop(node);
        }
        TrainedSegment cheat =
            TrainedSegment.train(
                job.workspace(), job.genesis(), SEGMENT_LENGTH, TrainedSegment.skipStep(2));
        served.serve(jobId, 0, cheat);
        commons.commit(worker, jobId, 0, cheat);
        chain.mine();

        VerifierNode challenger = pool.node(0, SEGMENT_LENGTH);
        commons.runUntil(() -> audited(challenger, AuditStatus.DISPUTED), List.of(challenger));
        BigInteger disputeId = new BigInteger(lastAudit(challenger).disputeId().orElseThrow());
        commons.runUntil(() -> seats(commons, disputeId).size() == 3, List.of(challenger));
        List<DisputeManager.Seat> seats = seats(commons, disputeId);
        int killedIndex = indexOf(chain, seats.get(0).juror);
        Credentials killed = verifierKey(chain, killedIndex);
        List<VerifierNode> others = new ArrayList<>(List.of(challenger));
        for (DisputeManager.Seat seat : seats.subList(1, seats.size())) {
          VerifierNode juror = pool.node(indexOf(chain, seat.juror), 0);
          others.add(juror);
        }

        Path deployment = directory.resolve("deployment.json");
        DeploymentFile.write(deployment, commons.deployment());
        Path data = Files.createDirectories(directory.resolve("juror"));
        List<String> arguments =
            List.of(
                chain.rpcUrl(),
                deployment.toString(),
                Integer.toString(2 + killedIndex),
                data.toString());
        chain.stopMining();
        try {
          try (JavaProcess first = JavaProcess.start(VerifierProcess.class, arguments)) {
            chain.awaitPooled(
                killed.getAddress(), COMMIT_VOTE, first::assertAlive, Duration.ofSeconds(120));
            first.kill();
          }
          assertThat(seats(commons, disputeId).get(0).committed)
              .as("the vote commitment still waits in the pool")
              .isFalse();
          chain.mine();
        } finally {
          chain.startMining();
        }
        assertThat(seats(commons, disputeId).get(0).committed).isTrue();
        assertThat(seats(commons, disputeId).get(0).revealed).isFalse();

        // The other jurors commit (and reveal: every seat is committed now) while it is down.
        commons.runUntil(
            () -> seats(commons, disputeId).stream().allMatch(seat -> seat.committed), others);
        long revealDeadline = dispute(commons, disputeId).revealDeadline.longValueExact();

        try (JavaProcess second = JavaProcess.start(VerifierProcess.class, arguments)) {
          second.awaitLine(VerifierProcess.STARTED, Duration.ofSeconds(60));
          waitUntil(() -> seats(commons, disputeId).get(0).revealed, second);
          assertThat(chain.latestBlockTime().getEpochSecond())
              .as("revealed before the reveal deadline")
              .isLessThanOrEqualTo(revealDeadline);
          commons.runUntil(() -> outcome(commons, disputeId) != DisputeOutcome.NONE, others);
          second.kill();
          assertThat(second.output()).noneMatch(line -> line.contains("reveal period ended"));
        }

        DisputeManager.Seat seat = seats(commons, disputeId).get(0);
        assertThat(seat.vote.intValueExact()).isEqualTo(Vote.WORKER_AT_FAULT.code());
        assertThat(outcome(commons, disputeId)).isEqualTo(DisputeOutcome.WORKER_AT_FAULT);
        DisputeManager.Dispute resolved = dispute(commons, disputeId);
        assertThat(resolved.reveals.intValueExact()).as("every vote counted").isEqualTo(3);
        assertThat(resolved.votesWorkerAtFault.intValueExact()).isEqualTo(3);
        assertThat(
                chain.minedTransactions(killed.getAddress(), BigInteger.ZERO).stream()
                    .filter(transaction -> transaction.calls(COMMIT_VOTE))
                    .count())
            .as("vote commitments sent by the killed juror")
            .isEqualTo(1);
      }
    } finally {
      chain.revert(snapshot);
    }
  }

  /** In-process verifier nodes on their own LMDB directories, reaching peers over HTTP. */
  private record VerifierPool(CommonsOnGanache commons, TransferClient transfers, Path directory) {

    VerifierNode node(int index, int auditsPerSegment) throws Exception {
      Path data = Files.createDirectories(directory.resolve("verifier-" + index));
      return commons.verifier(
          verifierKey(commons.chain(), index),
          data,
          new TransferWorkerData(transfers, Files.createTempDirectory(directory, "states")),
          new TransferDatasetSource(transfers),
          auditsPerSegment);
    }
  }

  private static Credentials verifierKey(LocalChain chain, int i) {
    return chain.account(2 + i);
  }

  private static int indexOf(LocalChain chain, String address) {
    return IntStream.range(0, VERIFIERS)
        .filter(i -> verifierKey(chain, i).getAddress().equalsIgnoreCase(address))
        .findFirst()
        .orElseThrow();
  }

  private static void waitUntil(BooleanSupplier done, JavaProcess process)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!done.getAsBoolean()) {
      process.assertAlive();
      assertThat(System.nanoTime())
          .as("revealed within 90 s:\n" + process.output())
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static boolean audited(VerifierNode node, AuditStatus status) {
    return !node.report().audits().isEmpty() && lastAudit(node).status() == status;
  }

  private static AuditRecord lastAudit(VerifierNode node) {
    List<AuditRecord> audits = node.report().audits();
    return audits.get(audits.size() - 1);
  }

  private static DisputeManager.Dispute dispute(CommonsOnGanache commons, BigInteger id) {
    try {
      return commons.as(commons.chain().account(0)).disputes().disputeOf(id).send();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static DisputeOutcome outcome(CommonsOnGanache commons, BigInteger id) {
    return DisputeOutcome.of(dispute(commons, id).outcome.intValueExact());
  }

  @SuppressWarnings("unchecked")
  private static List<DisputeManager.Seat> seats(CommonsOnGanache commons, BigInteger id) {
    try {
      return (List<DisputeManager.Seat>)
          commons.as(commons.chain().account(0)).disputes().seatsOf(id).send();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
