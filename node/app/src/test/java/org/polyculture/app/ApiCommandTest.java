package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.DeploymentFile;

/** {@code polyculture api}: its options, and the failures it reports before it serves. */
class ApiCommandTest {

  private final CommandRunner polyculture = CommandRunner.plain();

  @Test
  void shouldDocumentItsOptions() {
    CommandRunner.Result help = polyculture.run("api", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("Usage: polyculture api")
        .contains("--rpc", "--deployment", "--data-dir", "--listen", "--cors-origin")
        .contains("--devnet-accounts", "--keystore", "--password-file", "--rate-limit");
    assertThat(polyculture.run("--help").out()).contains("api");
  }

  @Test
  void shouldRefuseAListenAddressThatIsNotHostAndPort(@TempDir Path directory) {
    CommandRunner.Result result = run(directory, "--listen", "localhost");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--listen must be HOST:PORT");
    assertThat(run(directory, "--listen", "127.0.0.1:70000").exitCode()).isEqualTo(2);
  }

  @Test
  void shouldRefuseDemoAccountsOffLoopback(@TempDir Path directory) {
    CommandRunner.Result result =
        run(
            directory,
            "--listen",
            "0.0.0.0:8080",
            "--devnet-accounts",
            directory.resolve("accounts.json").toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("loopback");
    assertThat(result.hasNoStackTrace()).isTrue();
  }

  @Test
  void shouldRefuseAWildcardCorsOrigin(@TempDir Path directory) {
    CommandRunner.Result result = run(directory, "--cors-origin", "*");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("CORS origin");
  }

  @Test
  void shouldReportAMissingDeploymentFile(@TempDir Path directory) {
    CommandRunner.Result result = run(directory);
    assertThat(result.exitCode()).isEqualTo(13);
    assertThat(result.err()).contains("no deployment file at");
    assertThat(result.hasNoStackTrace()).isTrue();
  }

  @Test
  void shouldReportAChainThatDoesNotAnswer(@TempDir Path directory) throws Exception {
    DeploymentFile.write(
        directory.resolve("deployment.json"),
        new ChainDeployment(
            1337,
            1,
            "0x" + "01".repeat(20),
            "0x" + "02".repeat(20),
            "0x" + "03".repeat(20),
            "0x" + "04".repeat(20),
            "0x" + "05".repeat(20),
            "0x" + "06".repeat(20)));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CommandRunner.Result result =
        polyculture.run(
            "api",
            "--rpc",
            "http://127.0.0.1:" + closedPort,
            "--deployment",
            directory.resolve("deployment.json").toString(),
            "--data-dir",
            directory.resolve("data").toString());
    assertThat(result.exitCode()).isEqualTo(14);
    assertThat(result.err()).contains("cannot reach the chain");
    assertThat(result.hasNoStackTrace()).isTrue();
  }

  private CommandRunner.Result run(Path directory, String... extra) {
    String[] base = {
      "api",
      "--rpc",
      "http://127.0.0.1:9",
      "--deployment",
      directory.resolve("missing.json").toString(),
      "--data-dir",
      directory.resolve("data").toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return polyculture.run(args);
  }
}
