package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.chain.keys.KeystoreLoader;
import org.polyculture.testkit.GanacheExtension;
import org.polyculture.testkit.LocalChain;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

@ExtendWith(GanacheExtension.class)
class DeployCommandTest {

  private static final String PASSWORD = "deployer's passphrase";

  @TempDir static Path shared;
  private static LocalChain chain;
  private static Path keystore;
  private static Path passwordFile;

  @TempDir Path directory;

  @BeforeAll
  static void writeTheDeployersKeystore(LocalChain localChain) throws Exception {
    chain = localChain;
    keystore = KeystoreLoader.write(chain.account(3), PASSWORD, shared.resolve("keys"));
    passwordFile = Files.writeString(shared.resolve("password"), PASSWORD + "\n");
  }

  @Test
  void shouldDeployEveryContractAndWriteADeploymentFileTheNodesCanRead() throws Exception {
    Path out = directory.resolve("net").resolve("deployment.json");

    CommandRunner.Result deployed = deploy(out, passwordFile);

    assertThat(deployed.exitCode()).as(deployed.err()).isZero();
    ChainDeployment deployment = DeploymentFile.read(out);
    assertThat(deployed.out()).contains(deployment.ledger(), deployment.disputes(), out.toString());
    Web3j web3j = Web3j.build(new HttpService(chain.rpcUrl()));
    try {
      for (String contract :
          new String[] {
            deployment.token(),
            deployment.timelock(),
            deployment.governor(),
            deployment.staking(),
            deployment.ledger(),
            deployment.disputes()
          }) {
        String code = web3j.ethGetCode(contract, DefaultBlockParameterName.LATEST).send().getCode();
        assertThat(code).as("code at %s", contract).hasSizeGreaterThan(2);
      }
    } finally {
      web3j.shutdown();
    }
  }

  @Test
  void shouldNeverOverwriteAnExistingDeploymentFile() throws Exception {
    Path out = Files.writeString(directory.resolve("deployment.json"), "{\"kept\":true}");

    CommandRunner.Result refused = deploy(out, passwordFile);

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("never overwritten");
    assertThat(Files.readString(out)).isEqualTo("{\"kept\":true}");
  }

  @Test
  void shouldRefuseAWrongPasswordWithoutAStackTrace() throws Exception {
    Path wrong = Files.writeString(directory.resolve("wrong"), "not the passphrase\n");

    CommandRunner.Result refused = deploy(directory.resolve("deployment.json"), wrong);

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.hasNoStackTrace()).isTrue();
    assertThat(directory.resolve("deployment.json")).doesNotExist();
  }

  private static CommandRunner.Result deploy(Path out, Path password) {
    return CommandRunner.plain()
        .run(
            "deploy",
            "--rpc",
            chain.rpcUrl(),
            "--keystore",
            keystore.toString(),
            "--password-file",
            password.toString(),
            "--parameters",
            "devnet",
            "--out",
            out.toString());
  }
}
