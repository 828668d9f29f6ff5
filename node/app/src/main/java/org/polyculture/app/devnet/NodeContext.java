package org.polyculture.app.devnet;

import java.nio.file.Path;

/**
 * What every node of a devnet is given: the chain's JSON-RPC URL, the deployment file and the file
 * holding the keystores' password.
 */
public record NodeContext(String rpcUrl, Path deploymentFile, Path passwordFile) {}
