package org.polyculture.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.JavaProcess;
import org.polyculture.testkit.LocalChain;
import org.polyculture.testkit.LocalChain.SentTransaction;
import org.polyculture.transfer.TransferApi;
import org.polyculture.worker.Ledger.SegmentView;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;

/**
 * A worker in its own process, killed with SIGKILL and started again on the same data directory:
 *
 * <ul>
 *   <li>in the middle of training a segment: it resumes from its last checkpoint (not from the
 *       segment's start), commits exactly the honest commitment, and the segment is committed once;
 *   <li>between sending its commitment and seeing the receipt (the chain stops mining so the
 *       transaction waits in the pool when the kill lands): the commitment lands once, the
 *       restarted worker recognises it instead of sending another, serves the segment and is paid
 *       for it;
 *   <li>between sending its reward claim and seeing the receipt: the reward is paid once, the
 *       balance rises by exactly the segment reward, and the restarted worker counts it as earned.
 * </ul>
 */
@ExtendWith(GanacheExtension.class)
class WorkerKillFaultTest {

  private static final int LENGTH = 32;
  private static final int SHORT = 8;
  private static final int ALICE = 1;
  private static final String COMMIT = "commit(uint256,uint256,bytes32,bytes32,bytes32)";
  private static final String CLAIM_REWARD = "claimReward(uint256,uint256)";
  private static final Pattern PROGRESS = Pattern.compile("step (\\d+)/" + LENGTH);
  private static final Pattern RESUMED = Pattern.compile("training steps (\\d+)\\.\\.");

  @TempDir Path scratch;
  private LocalChain.Snapshot snapshot;
  private WorkerNetwork network;

  @BeforeEach
  void deploy(LocalChain chain) throws Exception {
    snapshot = chain.snapshot();
    network = WorkerNetwork.deploy(chain, scratch.resolve("network"));
  }

  @AfterEach
  void revert() {
    network.close();
    network.chain.revert(snapshot);
  }

  @Test
  void shouldResumeFromItsLastCheckpointAndCommitOnceAfterBeingKilledMidTraining(LocalChain chain)
      throws Exception {
    AliceJob job = aliceJob(LENGTH, 2);
    BigInteger jobId = job.id();

    int killedAt;
    try (JavaProcess first = start(chain, job, 150)) {
      URI endpoint = awaitEndpoint(first);
      killedAt = awaitTrainingStep(endpoint, 9);
      first.kill();
    }
    assertThat(killedAt).isBetween(9, LENGTH - 1);
    assertThat(network.ledger().segmentOf(jobId, BigInteger.ZERO).send().status)
        .as("not committed before the kill")
        .isNotEqualTo(BigInteger.TWO);

    List<String> secondOutput;
    try (JavaProcess second = start(chain, job, 0)) {
      Instant deadline = Instant.now().plusSeconds(120);
      while (status(network, jobId) != SegmentView.COMMITTED) {
        assertThat(Instant.now()).as("segment 0 committed").isBefore(deadline);
        second.assertAlive();
        Thread.sleep(200);
      }
      second.kill();
      secondOutput = second.output();
    }

    assertThat(Bytes32.wrap(network.ledger().commitmentOf(jobId, BigInteger.ZERO).send()))
        .isEqualTo(network.tiny.honestCommitment(0, LENGTH).digest());
    int resumedFrom =
        secondOutput.stream()
            .map(RESUMED::matcher)
            .filter(Matcher::find)
            .mapToInt(m -> Integer.parseInt(m.group(1)))
            .findFirst()
            .orElseThrow(() -> new AssertionError(String.join("\n", secondOutput)));
    // Checkpoints every 2 steps: it resumed from the last one before the kill, not from 0.
    assertThat(resumedFrom).isPositive().isLessThanOrEqualTo(killedAt);
    assertThat(secondOutput).noneMatch(line -> line.contains("already committed"));
  }

  @Test
  void shouldCommitOnceAndBePaidAfterBeingKilledBetweenSendingTheCommitAndItsReceipt(
      LocalChain chain) throws Exception {
    Credentials alice = chain.account(ALICE);
    AliceJob job = aliceJob(SHORT, 1);
    BigInteger jobId = job.id();
    BigInteger firstBlock = job.firstBlock();

    SentTransaction commit;
    chain.stopMining();
    try {
      try (JavaProcess first = start(chain, job, 0)) {
        commit = awaitPooled(chain, alice, COMMIT, first);
        first.kill();
      }
      assertThat(status(network, jobId))
          .as("the commitment still waits in the pool")
          .isEqualTo(SegmentView.CLAIMED);
      chain.mine();
    } finally {
      chain.startMining();
    }
    assertThat(status(network, jobId)).isEqualTo(SegmentView.COMMITTED);
    assertThat(chain.web3j().ethGetTransactionReceipt(commit.hash()).send().getResult())
        .as("the killed worker's commitment landed")
        .isNotNull();
    BigInteger balanceBefore = network.balanceOf(alice);

    List<String> secondOutput;
    try (JavaProcess second = start(chain, job, 0)) {
      URI endpoint = awaitEndpoint(second);
      awaitWorkerStatus(endpoint, second, "\"COMMITTED\":1");
      Commitment honest = network.tiny.honestCommitment(0, SHORT);
      assertThat(
              get(
                  endpoint,
                  TransferApi.SEGMENT_STEPS
                      .replace("{jobId}", jobId.toString())
                      .replace("{segment}", "0")))
          .as("the restarted worker serves the committed segment's steps")
          .contains(honest.endStateHash().toUnprefixedHexString());
      assertThat(
              get(
                  endpoint,
                  TransferApi.STATE_TREE.replace(
                      "{stateHash}", honest.endStateHash().toHexString())))
          .contains("\"leaves\"");

      chain.increaseTime(Duration.ofSeconds(WorkerNetwork.WINDOW_SECONDS + 1));
      awaitWorkerStatus(endpoint, second, "\"REWARDED\":1");
      second.kill();
      secondOutput = second.output();
    }

    assertThat(status(network, jobId)).isEqualTo(SegmentView.REWARDED);
    assertThat(network.balanceOf(alice)).isEqualTo(balanceBefore.add(WorkerNetwork.REWARD));
    assertThat(calls(chain, alice, firstBlock, COMMIT)).as("commit transactions").isEqualTo(1);
    assertThat(calls(chain, alice, firstBlock, CLAIM_REWARD)).as("reward claims").isEqualTo(1);
    assertThat(events(network, firstBlock, TrainingLedger.SEGMENTCOMMITTED_EVENT)).isEqualTo(1);
    assertThat(events(network, firstBlock, TrainingLedger.REWARDPAID_EVENT)).isEqualTo(1);
    assertThat(secondOutput).noneMatch(line -> line.contains("commit refused"));
  }

  @Test
  void shouldBePaidExactlyOnceAfterBeingKilledBetweenSendingTheRewardClaimAndItsReceipt(
      LocalChain chain) throws Exception {
    Credentials alice = chain.account(ALICE);
    AliceJob job = aliceJob(SHORT, 1);
    BigInteger jobId = job.id();
    BigInteger firstBlock = job.firstBlock();

    BigInteger balanceBefore;
    chain.stopMining();
    try {
      try (JavaProcess first = start(chain, job, 0)) {
        awaitPooled(chain, alice, COMMIT, first);
        chain.mine();
        assertThat(status(network, jobId)).isEqualTo(SegmentView.COMMITTED);
        balanceBefore = network.balanceOf(alice);
        chain.increaseTime(Duration.ofSeconds(WorkerNetwork.WINDOW_SECONDS + 1));
        // The worker finalizes first (mined as it comes), then claims: the kill lands there.
        awaitPooled(chain, alice, CLAIM_REWARD, first);
        first.kill();
      }
      assertThat(status(network, jobId))
          .as("the claim still waits in the pool")
          .isEqualTo(SegmentView.FINALIZED);
      chain.mine();
    } finally {
      chain.startMining();
    }
    assertThat(status(network, jobId)).isEqualTo(SegmentView.REWARDED);

    List<String> secondOutput;
    try (JavaProcess second = start(chain, job, 0)) {
      URI endpoint = awaitEndpoint(second);
      awaitWorkerStatus(endpoint, second, "\"REWARDED\":1");
      assertThat(get(endpoint, TransferApi.STATUS))
          .as("the restarted worker counts the reward the killed one claimed")
          .contains("\"rewards\":\"" + WorkerNetwork.REWARD + "\"");
      second.kill();
      secondOutput = second.output();
    }

    assertThat(network.balanceOf(alice)).isEqualTo(balanceBefore.add(WorkerNetwork.REWARD));
    assertThat(calls(chain, alice, firstBlock, CLAIM_REWARD)).as("reward claims").isEqualTo(1);
    assertThat(calls(chain, alice, firstBlock, COMMIT)).as("commit transactions").isEqualTo(1);
    assertThat(events(network, firstBlock, TrainingLedger.REWARDPAID_EVENT)).isEqualTo(1);
    assertThat(secondOutput).noneMatch(line -> line.contains("reward refused"));
  }

  /** Mines the worker's other transactions until one calling {@code signature} is pooled. */
  private static SentTransaction awaitPooled(
      LocalChain chain, Credentials worker, String signature, JavaProcess process)
      throws InterruptedException {
    return chain.awaitPooled(
        worker.getAddress(), signature, process::assertAlive, Duration.ofSeconds(120));
  }

  private static int status(WorkerNetwork network, BigInteger jobId) throws Exception {
    return network.ledger().segmentOf(jobId, BigInteger.ZERO).send().status.intValueExact();
  }

  /**
   * How many transactions {@code who} sent from {@code fromBlock} on that call {@code signature}.
   */
  private static long calls(
      LocalChain chain, Credentials who, BigInteger fromBlock, String signature) {
    return chain.minedTransactions(who.getAddress(), fromBlock).stream()
        .filter(transaction -> transaction.calls(signature))
        .count();
  }

  private static int events(WorkerNetwork network, BigInteger fromBlock, Event event)
      throws Exception {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(fromBlock),
            DefaultBlockParameterName.LATEST,
            network.deployment.ledger());
    filter.addSingleTopic(EventEncoder.encode(event));
    return network.client.web3j().ethGetLogs(filter).send().getLogs().size();
  }

  /** Polls {@code /v1/status} until it contains {@code fragment}. */
  private static void awaitWorkerStatus(URI endpoint, JavaProcess process, String fragment)
      throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    String body = "";
    while (Instant.now().isBefore(deadline)) {
      body = get(endpoint, TransferApi.STATUS);
      if (body.contains(fragment)) {
        return;
      }
      process.assertAlive();
      Thread.sleep(100);
    }
    throw new AssertionError("status never showed " + fragment + ": " + body);
  }

  private static String get(URI endpoint, String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(endpoint + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      return response.body();
    }
  }

  /**
   * The job alice (funded for twice the minimum stake) works on, the deployment file her process
   * reads and her data directory.
   *
   * @param firstBlock the first block after the job was created, from which her transactions count
   */
  private record AliceJob(BigInteger id, Path deployment, Path data, BigInteger firstBlock) {}

  private AliceJob aliceJob(int length, int segments) throws Exception {
    network.fund(network.chain.account(ALICE), WorkerNetwork.MIN_STAKE.multiply(BigInteger.TWO));
    BigInteger jobId = network.createJob(length, segments);
    Path deployment = scratch.resolve("deployment.json");
    DeploymentFile.write(deployment, network.deployment);
    Path data = Files.createDirectories(scratch.resolve("alice"));
    return new AliceJob(jobId, deployment, data, network.chain.blockNumber());
  }

  private static JavaProcess start(LocalChain chain, AliceJob job, long delayMillis) {
    return JavaProcess.start(
        WorkerProcess.class,
        List.of(
            chain.rpcUrl(),
            job.deployment().toString(),
            Integer.toString(ALICE),
            job.data().toString(),
            Long.toString(delayMillis)));
  }

  private static URI awaitEndpoint(JavaProcess process) throws InterruptedException {
    return URI.create(process.awaitLine(WorkerProcess.ENDPOINT, Duration.ofSeconds(60)));
  }

  /** Polls the worker's status until it reports training at {@code atLeast} steps or more. */
  private static int awaitTrainingStep(URI endpoint, int atLeast) throws Exception {
    Instant deadline = Instant.now().plusSeconds(120);
    try (HttpClient http = HttpClient.newHttpClient()) {
      while (Instant.now().isBefore(deadline)) {
        String body =
            http.send(
                    HttpRequest.newBuilder(URI.create(endpoint + TransferApi.STATUS))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher progress = PROGRESS.matcher(body);
        if (progress.find() && Integer.parseInt(progress.group(1)) >= atLeast) {
          return Integer.parseInt(progress.group(1));
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the worker never reached step " + atLeast);
  }
}
