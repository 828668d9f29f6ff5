package org.polyculture.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.polyculture.app.cli.CommandFailure;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ContractDeployer;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.chain.DeploymentParameters;
import org.web3j.crypto.Credentials;

/** Puts {@code polyculture deploy} together: the deployer's key, the chain, the deployment file. */
public final class DeployWiring {

  private final Wiring wiring;

  public DeployWiring(Wiring wiring) {
    this.wiring = wiring;
  }

  /**
   * Deploys every contract with {@code parameters} from the key in {@code keystore} and writes the
   * deployment file to {@code out}, which must not exist yet (a deployment is never overwritten).
   */
  public ChainDeployment deploy(
      String rpc,
      Path keystore,
      Optional<Path> passwordFile,
      DeploymentParameters parameters,
      Path out) {
    if (Files.exists(out)) {
      throw new CommandFailure(
          ExitCode.USAGE, out + " already exists: a deployment file is never overwritten");
    }
    Credentials key = NodeChain.loadKey(wiring.environment(), keystore, passwordFile);
    ChainDeployment deployment;
    try (ChainClient chain = NodeChain.connect(rpc)) {
      deployment =
          new ContractDeployer(
                  chain.web3j(), chain.chainId(), chain.transactions(key), chain.gasProvider())
              .deploy(parameters);
    } catch (CommandFailure e) {
      throw e;
    } catch (Exception e) {
      throw new CommandFailure(
          ExitCode.IO_ERROR, "the deployment to " + rpc + " failed: " + e.getMessage(), e);
    }
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      DeploymentFile.write(out, deployment);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.IO_ERROR,
          "deployed, but the deployment file could not be written to "
              + out
              + " ("
              + e.getMessage()
              + "); the addresses: "
              + deployment,
          e);
    }
    return deployment;
  }
}
