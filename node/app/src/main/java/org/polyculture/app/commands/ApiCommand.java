package org.polyculture.app.commands;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.polyculture.app.ApiWiring;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polyculture api}: the REST API and web UI (docs/api.md). */
@Command(
    name = "api",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the commons' REST API (OpenAPI at /openapi.json) and web UI: indexes the chain into"
          + " LMDB under --data-dir and answers from it; relays signed votes and delegations when"
          + " given a relayer keystore. Runs until stopped (Ctrl-C or SIGTERM)."
    })
public final class ApiCommand implements Callable<Integer> {

  private final ApiWiring wiring;

  @Spec CommandSpec spec;

  @Option(
      names = "--rpc",
      paramLabel = "URL",
      required = true,
      description = "The chain's JSON-RPC endpoint, e.g. http://127.0.0.1:8545.")
  String rpc;

  @Option(
      names = "--deployment",
      paramLabel = "FILE",
      required = true,
      description = "The deployment file (contract addresses) written by 'polyculture deploy'.")
  Path deployment;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      required = true,
      description = "Where the API keeps its index (DIR/api-index, LMDB; created if missing).")
  Path dataDirectory;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:8080",
      description = "Where the API listens (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--cors-origin",
      paramLabel = "ORIGIN",
      description =
          "A browser origin (scheme://host[:port]) allowed to call the API cross-origin, e.g. a"
              + " UI dev server (default: none; the UI is served from the same origin).")
  Optional<String> corsOrigin;

  @Option(
      names = "--devnet-accounts",
      paramLabel = "FILE",
      description =
          "The devnet's demo accounts (JSON with private keys): enables /v1/devnet so a visitor"
              + " can act as a demo holder. Refused unless --listen is a loopback address.")
  Optional<Path> devnetAccounts;

  @Option(
      names = "--keystore",
      paramLabel = "FILE",
      description =
          "The relayer's key (keystore v3 JSON), which pays the gas of relayed votes and"
              + " delegations (default: no relaying).")
  Optional<Path> keystore;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "File holding the keystore password (default: the environment variable"
              + " POLYCULTURE_KEYSTORE_PASSWORD).")
  Optional<Path> passwordFile;

  @Option(
      names = "--confirmations",
      paramLabel = "N",
      description =
          "Blocks an event must be buried under before it is indexed (default: 0 on a local"
              + " devnet chain, 12 elsewhere).")
  Optional<Integer> confirmations;

  @Option(
      names = "--poll-interval-ms",
      paramLabel = "MS",
      defaultValue = "1000",
      description = "How often the index follows the chain (default: ${DEFAULT-VALUE}).")
  long pollIntervalMillis;

  @Option(
      names = "--audit-picks",
      paramLabel = "K",
      defaultValue = "4",
      description = "Audited steps per segment the segment view shows (default: ${DEFAULT-VALUE}).")
  int auditPicks;

  @Option(
      names = "--max-draft-parameters",
      paramLabel = "N",
      defaultValue = "11000000",
      description =
          "The largest model (parameters) whose proposal the API prepares; the genesis state is"
              + " built in memory (default: ${DEFAULT-VALUE}, gpu-base).")
  long maxDraftParameters;

  @Option(
      names = "--rate-limit",
      paramLabel = "PER_SECOND",
      defaultValue = "50",
      description = "Reads per second per client address (default: ${DEFAULT-VALUE}).")
  double readsPerSecond;

  @Option(
      names = "--write-rate-limit",
      paramLabel = "PER_SECOND",
      defaultValue = "1",
      description = "Writes per second per client address (default: ${DEFAULT-VALUE}).")
  double writesPerSecond;

  public ApiCommand(ApiWiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() {
    wiring.runApi(options(), spec.commandLine().getOut());
    return 0;
  }

  /** The parsed options, checked. */
  ApiWiring.Options options() {
    if (pollIntervalMillis < 50 || pollIntervalMillis > 600_000) {
      throw org.polyculture.app.Wiring.usage("--poll-interval-ms must be 50 to 600000");
    }
    if (confirmations.isPresent() && (confirmations.get() < 0 || confirmations.get() > 1_000)) {
      throw org.polyculture.app.Wiring.usage("--confirmations must be 0 to 1000");
    }
    return new ApiWiring.Options(
        rpc,
        deployment,
        dataDirectory,
        ApiWiring.Listen.parse(listen),
        corsOrigin,
        devnetAccounts,
        keystore,
        passwordFile,
        confirmations,
        Duration.ofMillis(pollIntervalMillis),
        auditPicks,
        maxDraftParameters,
        readsPerSecond,
        writesPerSecond);
  }
}
