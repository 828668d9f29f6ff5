package org.polyculture.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.chain.keys.KeystoreLoader;
import org.web3j.crypto.Credentials;

/**
 * Bad flags and bad files across the commands: every one ends with a one-line message that names
 * the problem and an exit code other than 0 and 1 (1 is an internal error: a bug), never a stack
 * trace, and never echoes a password.
 */
class CliHostileTest {

  private static final String PASSWORD = "hunter2-correct-horse";
  private static final String ADDRESS = "0x" + "22".repeat(20);

  @TempDir Path directory;
  private Path keystore;
  private Path rightPassword;
  private Path wrongPassword;
  private Path deployment;
  private Path garbage;
  private Path wrongTypes;
  private final CommandRunner runner = CommandRunner.plain();

  @BeforeEach
  void files() throws IOException {
    keystore =
        KeystoreLoader.write(
            Credentials.create("0x" + "3c".repeat(32)), PASSWORD, directory.resolve("keys"));
    rightPassword = Files.writeString(directory.resolve("password"), PASSWORD);
    wrongPassword = Files.writeString(directory.resolve("wrong"), "not-" + PASSWORD);
    deployment = directory.resolve("deployment.json");
    DeploymentFile.write(
        deployment,
        new ChainDeployment(1337, 1, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    garbage = Files.write(directory.resolve("garbage.json"), new byte[] {'{', 0, (byte) 0xff});
    wrongTypes =
        Files.writeString(
            directory.resolve("types.json"), "{\"version\":\"one\",\"chainId\":[],\"token\":7}");
  }

  private List<String> node(String command, Path deploymentFile, Path keys, Path password) {
    List<String> args = new ArrayList<>(List.of(command, "--rpc", "http://127.0.0.1:9"));
    args.addAll(List.of("--deployment", deploymentFile.toString()));
    if (!command.equals("api")) {
      args.addAll(List.of("--keystore", keys.toString(), "--password-file", password.toString()));
    }
    args.addAll(List.of("--data-dir", directory.resolve("data-" + command).toString()));
    return args;
  }

  private static List<String> with(List<String> base, String... more) {
    return Stream.concat(base.stream(), Stream.of(more)).toList();
  }

  @Test
  void shouldRefuseBadNodeFilesWithAMessageAndAnExitCode() {
    List<List<String>> cases = new ArrayList<>();
    for (String command : List.of("worker", "verifier", "api")) {
      cases.add(node(command, directory.resolve("missing.json"), keystore, rightPassword));
      cases.add(node(command, garbage, keystore, rightPassword));
      cases.add(node(command, wrongTypes, keystore, rightPassword));
      cases.add(node(command, directory, keystore, rightPassword));
    }
    for (String command : List.of("worker", "verifier")) {
      cases.add(node(command, deployment, keystore, wrongPassword));
      cases.add(node(command, deployment, garbage, rightPassword));
      cases.add(node(command, deployment, directory.resolve("none.json"), rightPassword));
      cases.add(node(command, deployment, keystore, directory.resolve("no-password")));
    }
    cases.forEach(this::assertRefusedCleanly);
  }

  @Test
  void shouldRefuseBadNodeFlagsWithAMessageAndAnExitCode() {
    List<String> worker = node("worker", deployment, keystore, rightPassword);
    List<String> verifier = node("verifier", deployment, keystore, rightPassword);
    List<String> api = node("api", deployment, keystore, rightPassword);
    List<List<String>> cases =
        List.of(
            List.of("worker"),
            List.of("worker", "--no-such-flag"),
            with(worker, "--stake", "-5"),
            with(worker, "--stake", "lots"),
            with(worker, "--checkpoint-every", "0"),
            with(worker, "--checkpoint-every", "99999999999999"),
            with(worker, "--listen", "127.0.0.1:70000"),
            with(worker, "--listen", ":::"),
            with(worker, "--endpoint", "not a url"),
            with(worker, "--confirmations", "-1"),
            with(worker, "--threads", "-3"),
            with(worker, "--backend", "quantum"),
            with(verifier, "--audits-per-segment", "0"),
            with(verifier, "--audits-per-segment", "-1"),
            with(verifier, "--report-listen", "host-without-port"),
            with(verifier, "--stake", "1e999"),
            with(api, "--listen", "256.0.0.1:80"),
            with(api, "--poll-interval-ms", "0"),
            with(api, "--rate-limit", "-1"),
            with(api, "--cors-origin", "javascript:alert(1)"),
            List.of("train", "--steps", "-1", "--out", directory.resolve("run").toString()),
            List.of("train", "--steps", "x", "--out", directory.resolve("run").toString()),
            List.of(
                "train",
                "--steps",
                "2",
                "--config",
                garbage.toString(),
                "--out",
                directory.resolve("run").toString()),
            List.of("replay", "--run", directory.resolve("no-run").toString(), "--step", "1"),
            List.of("replay", "--run", garbage.toString(), "--step", "-7"),
            List.of("sample", "--run", directory.toString(), "--prompt", "x"),
            List.of("dataset", "pack", "--help-me"),
            List.of("econ", "--stake", "-1"),
            List.of("status", "--url", "http://127.0.0.1:9", "--timeout", "100000"),
            List.of("--log-format", "yaml", "econ"));
    cases.forEach(this::assertRefusedCleanly);
  }

  private void assertRefusedCleanly(List<String> args) {
    CommandRunner.Result result = runner.run(args.toArray(String[]::new));
    String what = String.join(" ", args) + " -> " + result.exitCode() + ": " + result.err();

    assertThat(result.exitCode())
        .as(what)
        .isNotIn(ExitCode.OK.code(), ExitCode.INTERNAL_ERROR.code());
    assertThat(result.err()).as(what).startsWith("polyculture: ");
    assertThat(result.hasNoStackTrace()).as(what).isTrue();
    assertThat(result.out() + result.err()).as(what).doesNotContain(PASSWORD);
  }
}
