package org.polyculture.chain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the protocol lives on a chain: the chain id, the block the deployment started in (where an
 * indexer starts), and every contract's address.
 */
public record ChainDeployment(
    long chainId,
    long deployBlock,
    String token,
    String timelock,
    String governor,
    String staking,
    String ledger,
    String disputes) {

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  public ChainDeployment {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chainId must be positive: " + chainId);
    }
    if (deployBlock < 0) {
      throw new IllegalArgumentException("deployBlock must not be negative: " + deployBlock);
    }
    token = address("token", token);
    timelock = address("timelock", timelock);
    governor = address("governor", governor);
    staking = address("staking", staking);
    ledger = address("ledger", ledger);
    disputes = address("disputes", disputes);
  }

  private static String address(String name, String value) {
    Objects.requireNonNull(value, name);
    if (!ADDRESS.matcher(value).matches()) {
      throw new IllegalArgumentException(name + " is not an address: " + value);
    }
    return value.toLowerCase(java.util.Locale.ROOT);
  }
}
