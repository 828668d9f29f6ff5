package org.polyculture.app.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.app.CommandRunner;
import org.polyculture.app.Environment;
import org.polyculture.app.Wiring;
import org.polyculture.app.WorkerWiring;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ContractDeployer;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.chain.keys.KeystoreLoader;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.polyculture.worker.WorkerStatus;
import org.web3j.crypto.Credentials;
import picocli.CommandLine;

@ExtendWith(GanacheExtension.class)
class WorkerCommandTest {

  @TempDir Path directory;

  private static CommandRunner polyculture(Map<String, String> variables) {
    return CommandRunner.withHome(Optional.empty(), variables);
  }

  private List<String> nodeFlags(Path keystore, Path deployment) throws Exception {
    Path password = Files.writeString(directory.resolve("password"), "correct horse\n");
    return List.of(
        "--rpc",
        "http://127.0.0.1:9",
        "--deployment",
        deployment.toString(),
        "--keystore",
        keystore.toString(),
        "--password-file",
        password.toString(),
        "--data-dir",
        directory.resolve("data").toString());
  }

  private static String[] args(List<String> flags, String... more) {
    return Stream.concat(Stream.concat(Stream.of("worker"), flags.stream()), Stream.of(more))
        .toArray(String[]::new);
  }

  @Test
  void shouldDocumentItsOptionsAndTheCheatGate() {
    CommandRunner.Result help = CommandRunner.plain().run("worker", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("--rpc", "--deployment", "--keystore", "--password-file", "--data-dir")
        .contains("--listen", "--endpoint", "--stake", "--backend", "--threads", "--cheat")
        .contains("TEST INSTRUMENT", "POLYCULTURE_TEST_CHEATS=enable");
  }

  @Test
  void shouldRefuseToCheatWithoutTheGateInTheEnvironment() throws Exception {
    List<String> flags = nodeFlags(directory.resolve("missing.json"), directory.resolve("d.json"));

    CommandRunner.Result closed = polyculture(Map.of()).run(args(flags, "--cheat", "skip-step"));
    CommandRunner.Result unknown =
        polyculture(Map.of("POLYCULTURE_TEST_CHEATS", "enable"))
            .run(args(flags, "--cheat", "be-nice"));

    assertThat(closed.exitCode()).isEqualTo(2);
    assertThat(closed.err()).contains("test instrument", "POLYCULTURE_TEST_CHEATS=enable");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("skip-step", "vanish-after-commit");
    assertThat(closed.hasNoStackTrace()).isTrue();
  }

  @Test
  void shouldReportAMissingKeystoreAWrongPasswordAndABadListenAddress() throws Exception {
    Path keystore = KeystoreLoader.write(Credentials.create("0x1234"), "another", directory);
    List<String> missing = nodeFlags(directory.resolve("none.json"), directory.resolve("d.json"));
    List<String> wrong = nodeFlags(keystore, directory.resolve("d.json"));

    CommandRunner.Result noKey = CommandRunner.plain().run(args(missing));
    CommandRunner.Result badPassword = CommandRunner.plain().run(args(wrong));
    CommandRunner.Result badListen = CommandRunner.plain().run(args(wrong, "--listen", "nowhere"));

    assertThat(noKey.exitCode()).isEqualTo(13);
    assertThat(noKey.err()).contains("no keystore file");
    assertThat(badPassword.exitCode()).isEqualTo(2);
    assertThat(badPassword.err()).contains("password");
    assertThat(badListen.exitCode()).isEqualTo(2);
    assertThat(badListen.err()).contains("HOST:PORT");
  }

  @Test
  void shouldOpenAWorkerThatRegistersItsEndpointOnTheChain(LocalChain chain) throws Exception {
    LocalChain.Snapshot snapshot = chain.snapshot();
    Credentials deployer = chain.account(0);
    Credentials key = chain.account(7);
    Path deploymentFile = directory.resolve("deployment.json");
    try (ChainClient client =
        ChainClient.connect(chain.rpcUrl(), TransactionSettings.instamine())) {
      ChainDeployment deployment =
          new ContractDeployer(
                  client.web3j(),
                  client.chainId(),
                  client.transactions(deployer),
                  client.gasProvider())
              .deploy(DeploymentParameters.devnet());
      DeploymentFile.write(deploymentFile, deployment);
      client
          .contracts(deployment, deployer)
          .token()
          .transfer(key.getAddress(), DeploymentParameters.tokens(2_000))
          .send();
      Path keystore = KeystoreLoader.write(key, "correct horse", directory.resolve("keys"));
      List<String> flags =
          nodeFlags(keystore, deploymentFile).stream()
              .map(flag -> flag.equals("http://127.0.0.1:9") ? chain.rpcUrl() : flag)
              .toList();
      WorkerWiring wiring =
          new WorkerWiring(
              new Wiring(new Environment(Optional.empty(), Map.of(), System::nanoTime, 2)));
      WorkerCommand command = new WorkerCommand(wiring);
      String[] workerArgs =
          args(flags, "--listen", "127.0.0.1:0", "--threads", "1", "--stake", "1500");
      new CommandLine(command).parseArgs(Arrays.copyOfRange(workerArgs, 1, workerArgs.length));

      try (WorkerWiring.RunningWorker worker = wiring.openWorker(command.options())) {
        worker.node().tick();
        WorkerStatus status = worker.node().status();

        Staking staking = client.readOnly(deployment).staking();
        assertThat(staking.endpointOf(key.getAddress()).send())
            .isEqualTo(worker.node().endpoint().toString());
        assertThat(staking.participant(key.getAddress()).send().roles).isEqualTo(BigInteger.ONE);
        assertThat(status.cheat()).isEqualTo("none");
        assertThat(status.address()).isEqualToIgnoringCase(key.getAddress());
        assertThat(status.activity()).isEqualTo("waiting for a claimable segment");

        CommandRunner.Result glance =
            CommandRunner.plain().run("status", "--url", worker.node().endpoint().toString());

        assertThat(glance.exitCode()).as(glance.err()).isEqualTo(0);
        assertThat(glance.out())
            .contains("(worker)")
            .contains(
                "stake     "
                    + DeploymentParameters.tokens(1_500)
                    + " bonded, 0 unbonding, 0 open disputes")
            .contains("segments  claimed 0, committed 0, final 0, voided 0, fraud 0")
            .contains("disputes  open 0, lost 0")
            .contains("lagBlocks");
      }
    } finally {
      chain.revert(snapshot);
    }
  }
}
