package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.app.cli.BackendChoice;
import org.polyculture.app.cli.NodeOptions;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ContractDeployer;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.chain.keys.KeystoreLoader;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.http.HttpService;
import picocli.CommandLine;

@ExtendWith(GanacheExtension.class)
class VerifierCommandTest {

  private static final String PASSWORD = "correct horse battery staple";

  @TempDir static Path shared;
  private static LocalChain chain;
  private static Path deploymentFile;
  private static Path keystore;
  private static Path passwordFile;
  private static Credentials verifierKey;
  private static ChainClient client;
  private static ChainDeployment deployment;

  @TempDir Path dataDirectory;

  @BeforeAll
  static void deployAndFund(LocalChain localChain) throws Exception {
    chain = localChain;
    client =
        ChainClient.connect(
            new HttpService(chain.rpcUrl()),
            TransactionSettings.instamine().withReceiptPollInterval(Duration.ofMillis(20)),
            RetryPolicy.Sleeper.REAL);
    Credentials deployer = chain.account(0);
    deployment =
        new ContractDeployer(
                client.web3j(),
                client.chainId(),
                client.transactions(deployer),
                client.gasProvider())
            .deploy(DeploymentParameters.devnet());
    deploymentFile = shared.resolve("deployment.json");
    DeploymentFile.write(deploymentFile, deployment);
    verifierKey = chain.account(9);
    client
        .contracts(deployment, deployer)
        .token()
        .transfer(verifierKey.getAddress(), DeploymentParameters.tokens(5_000))
        .send();
    keystore = KeystoreLoader.write(verifierKey, PASSWORD, shared.resolve("keys"));
    passwordFile = Files.writeString(shared.resolve("password"), PASSWORD + "\n");
  }

  @Test
  void shouldDocumentItsOptions() {
    CommandRunner.Result help = CommandRunner.plain().run("verifier", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("Usage: polyculture verifier")
        .contains("--rpc", "--deployment", "--keystore", "--password-file", "--data-dir")
        .contains("--backend", "--threads", "--audits-per-segment", "--report-listen");
  }

  @Test
  void shouldRefuseAnAuditCountOutOfRangeBeforeTouchingTheChain() {
    CommandRunner.Result result =
        run("--rpc", "http://127.0.0.1:9", "--audits-per-segment", "5000");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--audits-per-segment");
    assertThat(result.hasNoStackTrace()).isTrue();
  }

  @Test
  void shouldRefuseAMalformedReportAddress() {
    CommandRunner.Result result =
        run("--rpc", "http://127.0.0.1:9", "--report-listen", "localhost");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--report-listen must be HOST:PORT");
  }

  @Test
  void shouldSayWhenTheKeystoreIsMissing() {
    CommandRunner.Result result =
        CommandRunner.plain()
            .run(
                "verifier",
                "--rpc",
                chain.rpcUrl(),
                "--deployment",
                deploymentFile.toString(),
                "--keystore",
                shared.resolve("no-such-keystore.json").toString(),
                "--password-file",
                passwordFile.toString(),
                "--data-dir",
                dataDirectory.toString());

    assertThat(result.exitCode()).isEqualTo(13);
    assertThat(result.err()).contains("no keystore file");
    assertThat(result.err()).doesNotContain(PASSWORD);
  }

  @Test
  void shouldStakeServeItsReportAndReopenItsStoreAfterARestart() throws Exception {
    VerifierWiring wiring = new VerifierWiring(new Wiring(environment()));
    VerifierWiring.Options options = options();

    try (VerifierWiring.RunningVerifier verifier = wiring.openVerifier(options)) {
      verifier.node().tick();
      URI report = verifier.reportUri().orElseThrow().resolve("/v1/report");
      String body = get(report);
      assertThat(body).contains(verifierKey.getAddress().toLowerCase(Locale.ROOT));
      assertThat(body).contains("\"verifier_segments_seen_total\"");
    }
    Staking.Participant participant =
        client.readOnly(deployment).staking().participant(verifierKey.getAddress()).send();
    assertThat(participant.roles.intValueExact() & 2).isEqualTo(2);
    assertThat(participant.bonded).isEqualTo(DeploymentParameters.tokens(1_000));
    assertThat(dataDirectory.resolve("report.json")).exists();

    try (VerifierWiring.RunningVerifier again = wiring.openVerifier(options)) {
      again.node().tick();
      assertThat(again.node().report().indexedBlock())
          .isGreaterThanOrEqualTo(deployment.deployBlock());
    }
    assertThat(client.readOnly(deployment).staking().bondedOf(verifierKey.getAddress()).send())
        .as("a restart does not stake twice")
        .isEqualTo(DeploymentParameters.tokens(1_000));
  }

  @Test
  void shouldShowItsStakeAuditsAndDisputesInPolycultureStatus() throws Exception {
    VerifierWiring wiring = new VerifierWiring(new Wiring(environment()));

    try (VerifierWiring.RunningVerifier verifier = wiring.openVerifier(options())) {
      verifier.node().tick();
      String url = verifier.reportUri().orElseThrow().toString();

      CommandRunner.Result table = CommandRunner.plain().run("status", "--url", url);
      CommandRunner.Result json = CommandRunner.plain().run("status", "--url", url, "--json");

      assertThat(table.exitCode()).as(table.err()).isEqualTo(0);
      assertThat(table.out())
          .contains("(verifier)")
          .contains(verifierKey.getAddress().toLowerCase(Locale.ROOT))
          .contains(
              "stake     "
                  + DeploymentParameters.tokens(1_000)
                  + " bonded, 0 unbonding, 0 open disputes")
          .contains("audits    audited 0, clean 0")
          .contains("disputes  opened 0, won 0, lost 0, juryDuties 0")
          .contains("lagBlocks");
      assertThat(new ObjectMapper().readTree(json.out()).path("bondedStake").asText())
          .isEqualTo(DeploymentParameters.tokens(1_000).toString());
    }
  }

  private VerifierWiring.Options options() {
    NodeOptions node = new NodeOptions();
    new CommandLine(new NodeHolder(node))
        .parseArgs(
            "--rpc",
            chain.rpcUrl(),
            "--deployment",
            deploymentFile.toString(),
            "--keystore",
            keystore.toString(),
            "--password-file",
            passwordFile.toString(),
            "--data-dir",
            dataDirectory.toString());
    return new VerifierWiring.Options(
        node,
        BackendChoice.SCALAR,
        1,
        2,
        Optional.of(new VerifierWiring.Listen("127.0.0.1", 0)),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private CommandRunner.Result run(String... extra) {
    String[] base = {
      "verifier",
      "--deployment",
      shared.resolve("deployment.json").toString(),
      "--keystore",
      shared.resolve("keystore.json").toString(),
      "--data-dir",
      dataDirectory.toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CommandRunner.plain().run(args);
  }

  private static Environment environment() {
    return new Environment(Optional.empty(), Map.of(), System::nanoTime, 2);
  }

  private static String get(URI uri) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(uri).GET().build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
          .body();
    }
  }

  /** Lets picocli fill a {@link NodeOptions} mixin outside a command. */
  @CommandLine.Command(name = "node")
  private static final class NodeHolder {
    @CommandLine.Mixin NodeOptions node;

    NodeHolder(NodeOptions node) {
      this.node = node;
    }
  }
}
