package org.polyculture.api.devnet;

import java.math.BigInteger;
import java.util.Optional;

/** The JSON shapes of the devnet's demo endpoints. */
public final class DevnetViews {

  private DevnetViews() {}

  /** A demo account and its governance standing now. */
  public record DemoAccount(
      String label,
      String address,
      BigInteger balance,
      BigInteger votes,
      Optional<String> delegate) {}

  /** A proposal submitted as a demo account. */
  public record Submitted(BigInteger proposalId, String transactionHash, long block) {}

  /** Delegate a demo account's votes ({@code delegatee} itself to activate them). */
  public record DelegateRequest(String delegatee) {}

  /** Vote as a demo account: 0 against, 1 for, 2 abstain. */
  public record VoteRequest(String proposalId, Integer support) {}

  /** Move the chain's clock forward. */
  public record AdvanceRequest(Long seconds) {}

  /** The chain time after moving the clock. */
  public record ChainTime(long chainTime) {}
}
