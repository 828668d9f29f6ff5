package org.polyculture.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.polyculture.transfer.TransferApi;

/**
 * A worker in its own process, killed with SIGKILL in the middle of training a segment, then
 * started again on the same data directory: it resumes from its last checkpoint (not from the
 * segment's start), commits exactly the honest commitment, and the segment is committed once.
 */
@ExtendWith(GanacheExtension.class)
class WorkerKillFaultTest {

  private static final int LENGTH = 32;
  private static final Pattern PROGRESS = Pattern.compile("step (\\d+)/" + LENGTH);
  private static final Pattern RESUMED = Pattern.compile("training steps (\\d+)\\.\\.");

  @TempDir Path scratch;

  @Test
  void shouldResumeFromItsLastCheckpointAndCommitOnceAfterBeingKilledMidTraining(LocalChain chain)
      throws Exception {
    LocalChain.Snapshot snapshot = chain.snapshot();
    try (WorkerNetwork network = WorkerNetwork.deploy(chain, scratch.resolve("network"))) {
      int alice = 1;
      network.fund(chain.account(alice), WorkerNetwork.MIN_STAKE.multiply(BigInteger.TWO));
      BigInteger jobId = network.createJob(LENGTH, 2);
      Path deployment = scratch.resolve("deployment.json");
      DeploymentFile.write(deployment, network.deployment);
      Path data = scratch.resolve("alice");

      List<String> firstOutput = new CopyOnWriteArrayList<>();
      Process first = start(chain, deployment, alice, data, 150, firstOutput);
      int killedAt;
      try {
        URI endpoint = awaitEndpoint(firstOutput);
        killedAt = awaitTrainingStep(endpoint, 9);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        first.destroyForcibly();
      }
      assertThat(killedAt).isBetween(9, LENGTH - 1);
      assertThat(network.ledger().segmentOf(jobId, BigInteger.ZERO).send().status)
          .as("not committed before the kill")
          .isNotEqualTo(BigInteger.TWO);

      List<String> secondOutput = new CopyOnWriteArrayList<>();
      Process second = start(chain, deployment, alice, data, 0, secondOutput);
      try {
        Instant deadline = Instant.now().plusSeconds(120);
        while (!network
            .ledger()
            .segmentOf(jobId, BigInteger.ZERO)
            .send()
            .status
            .equals(BigInteger.TWO)) {
          assertThat(Instant.now()).as("segment 0 committed").isBefore(deadline);
          assertThat(second.isAlive()).as(String.join("\n", secondOutput)).isTrue();
          Thread.sleep(200);
        }
      } finally {
        second.destroyForcibly();
        second.waitFor(30, TimeUnit.SECONDS);
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
    } finally {
      chain.revert(snapshot);
    }
  }

  private static Process start(
      LocalChain chain, Path deployment, int account, Path data, long delayMillis, List<String> out)
      throws IOException {
    Files.createDirectories(data);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "--add-modules",
                "jdk.incubator.vector",
                "--add-opens",
                "java.base/java.nio=ALL-UNNAMED",
                "--add-opens",
                "java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                WorkerProcess.class.getName(),
                chain.rpcUrl(),
                deployment.toString(),
                Integer.toString(account),
                data.toString(),
                Long.toString(delayMillis))
            .redirectErrorStream(true)
            .start();
    Thread.ofPlatform()
        .daemon()
        .name("worker-process-output")
        .start(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  out.add(line);
                }
              } catch (IOException e) {
                out.add("(output closed: " + e.getMessage() + ")");
              }
            });
    return process;
  }

  private static URI awaitEndpoint(List<String> output) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      for (String line : output) {
        if (line.startsWith(WorkerProcess.ENDPOINT)) {
          return URI.create(line.substring(WorkerProcess.ENDPOINT.length()).strip());
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the worker process never served:\n" + String.join("\n", output));
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
