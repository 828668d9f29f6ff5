package org.polyculture.app.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.polyculture.app.DeployWiring;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.DeploymentParameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code polyculture deploy}: the contracts on any JSON-RPC chain, and their deployment file. */
@Command(
    name = "deploy",
    mixinStandardHelpOptions = true,
    description = {
      "Deploys the Polyculture contracts (token, timelock, governor, staking, training ledger,"
          + " disputes) to a chain and writes the deployment file that the worker, verifier and"
          + " API read. Governance owns every parameter from the start; the deployer keeps the"
          + " token supply that is not in the treasury, to distribute (docs/contracts.md)."
    })
public final class DeployCommand implements Callable<Integer> {

  /** Which parameter set to deploy with. */
  public enum Profile {
    /** Defaults for real networks: 1 day voting delay, 7 days voting, 2-day timelock. */
    real,
    /** Short periods for local chains and tests. */
    devnet
  }

  private final DeployWiring wiring;

  @Spec CommandSpec spec;

  @Option(
      names = "--rpc",
      required = true,
      paramLabel = "URL",
      description = "The chain's JSON-RPC endpoint.")
  String rpc;

  @Option(
      names = "--keystore",
      required = true,
      paramLabel = "FILE",
      description = "The deployer's Web3 keystore (never a raw key on the command line).")
  Path keystore;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "File holding the keystore's password (otherwise the environment variable"
              + " POLYCULTURE_KEYSTORE_PASSWORD).")
  Optional<Path> passwordFile;

  @Option(
      names = "--parameters",
      paramLabel = "PROFILE",
      defaultValue = "real",
      description = "Parameter set: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Profile profile;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Where to write the deployment file (must not exist).")
  Path out;

  public DeployCommand(DeployWiring wiring) {
    this.wiring = wiring;
  }

  @Override
  public Integer call() {
    DeploymentParameters parameters =
        profile == Profile.devnet
            ? DeploymentParameters.devnet()
            : DeploymentParameters.realNetwork();
    ChainDeployment deployment = wiring.deploy(rpc, keystore, passwordFile, parameters, out);
    PrintWriter printed = spec.commandLine().getOut();
    printed.printf(
        "deployed to chain %d at block %d%n", deployment.chainId(), deployment.deployBlock());
    printed.printf("  token     %s%n", deployment.token());
    printed.printf("  timelock  %s (treasury)%n", deployment.timelock());
    printed.printf("  governor  %s%n", deployment.governor());
    printed.printf("  staking   %s%n", deployment.staking());
    printed.printf("  ledger    %s%n", deployment.ledger());
    printed.printf("  disputes  %s%n", deployment.disputes());
    printed.printf("deployment file: %s%n", out);
    printed.flush();
    return ExitCode.OK.code();
  }
}
