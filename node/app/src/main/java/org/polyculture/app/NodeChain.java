package org.polyculture.app;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.polyculture.app.cli.CommandFailure;
import org.polyculture.app.cli.ExitCode;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.DeploymentFile;
import org.polyculture.chain.keys.KeyLoad;
import org.polyculture.chain.keys.KeystoreLoader;
import org.polyculture.chain.tx.TransactionSettings;
import org.web3j.crypto.Credentials;

/**
 * What every node process (worker, verifier, API, deploy) does first with the shared node options:
 * read the deployment file, load the key, connect to the chain. Each failure is a command failure
 * with the exit code that says which of them went wrong.
 */
final class NodeChain {

  /** Chain ids of local development chains (Ganache, Hardhat, Anvil): they mine at once. */
  private static final Set<Long> DEVNET_CHAINS = Set.of(1337L, 31337L);

  private NodeChain() {}

  /** Whether {@code chainId} is a local development chain, where receipts come at once. */
  static boolean isDevnet(long chainId) {
    return DEVNET_CHAINS.contains(chainId);
  }

  /** The deployment in {@code file}, or a command failure that says why it cannot be read. */
  static ChainDeployment deployment(Path file) {
    try {
      return DeploymentFile.read(file);
    } catch (NoSuchFileException e) {
      throw new CommandFailure(ExitCode.NOT_FOUND, "no deployment file at " + file);
    } catch (IOException e) {
      throw new CommandFailure(
          ExitCode.USAGE, file + " is not a deployment file: " + e.getMessage(), e);
    }
  }

  /** The key in {@code keystore}, or a command failure that says why it cannot be loaded. */
  static Credentials loadKey(Environment environment, Path keystore, Optional<Path> passwordFile) {
    KeyLoad load = new KeystoreLoader(environment.variables()).load(keystore, passwordFile);
    if (!load.isLoaded()) {
      ExitCode code =
          load.reason().orElseThrow() == KeyLoad.Reason.KEYSTORE_MISSING
              ? ExitCode.NOT_FOUND
              : ExitCode.USAGE;
      throw new CommandFailure(code, load.message());
    }
    return load.credentials().orElseThrow();
  }

  /** A client for {@code rpc}, with instamine receipt polling on known devnet chain ids. */
  static ChainClient connect(String rpc) {
    try {
      long chainId;
      try (ChainClient probe = ChainClient.connect(rpc, TransactionSettings.instamine())) {
        chainId = probe.chainId();
      }
      return ChainClient.connect(
          rpc,
          isDevnet(chainId) ? TransactionSettings.instamine() : TransactionSettings.realChain());
    } catch (IOException | RuntimeException e) {
      throw new CommandFailure(
          ExitCode.IO_ERROR, "cannot reach the chain at " + rpc + ": " + e.getMessage(), e);
    }
  }

  /** A client for {@code rpc}, refused (and closed) when it serves another chain than expected. */
  static ChainClient connect(String rpc, ChainDeployment deployment) {
    ChainClient chain = connect(rpc);
    if (chain.chainId() != deployment.chainId()) {
      chain.close();
      throw Wiring.usage(
          "the deployment is for chain "
              + deployment.chainId()
              + " but "
              + rpc
              + " serves chain "
              + chain.chainId());
    }
    return chain;
  }
}
