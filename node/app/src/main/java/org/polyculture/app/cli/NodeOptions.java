package org.polyculture.app.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every long-running node shares (worker, verifier, api): which chain, which
 * deployment, which key, and where its data lives. The keystore's password comes from {@code
 * --password-file} or the environment variable {@code POLYCULTURE_KEYSTORE_PASSWORD}, never from
 * the command line.
 */
public final class NodeOptions {

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
      names = "--keystore",
      paramLabel = "FILE",
      required = true,
      description = "The node's encrypted key (Ethereum keystore v3 JSON).")
  Path keystore;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description =
          "File holding the keystore password (default: the environment variable"
              + " POLYCULTURE_KEYSTORE_PASSWORD).")
  Optional<Path> passwordFile;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      required = true,
      description = "Where the node keeps its LMDB store and downloads (created if missing).")
  Path dataDirectory;

  public String rpc() {
    return rpc;
  }

  public Path deployment() {
    return deployment;
  }

  public Path keystore() {
    return keystore;
  }

  public Optional<Path> passwordFile() {
    return passwordFile;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }
}
