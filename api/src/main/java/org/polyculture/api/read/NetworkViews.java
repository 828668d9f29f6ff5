package org.polyculture.api.read;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.polyculture.api.index.HistoryEntry;
import org.polyculture.governance.GovernanceSettings;
import org.polyculture.governance.index.TreasuryFlow;

/** The JSON shapes of the network, the treasury, and workers and verifiers. */
public final class NetworkViews {

  private NetworkViews() {}

  public record Contracts(
      String token,
      String timelock,
      String governor,
      String staking,
      String ledger,
      String disputes) {}

  public record Token(String symbol, int decimals, BigInteger totalSupply, BigInteger burned) {}

  /**
   * How current the indexes are.
   *
   * @param chainTime the latest block's time when the index last looked (seconds)
   * @param healthy false after a failed round or a reorg; {@code lastError} says why
   */
  public record Indexing(
      long protocolBlock,
      long governanceBlock,
      long chainTime,
      boolean healthy,
      Optional<String> lastError) {}

  public record Counts(long proposals, long jobs, long disputes, long slashes, long participants) {}

  /** Bonded stake by role (an account with both roles counts in both). */
  public record Stake(
      BigInteger workers, BigInteger verifiers, long workerCount, long verifierCount) {}

  /**
   * What this API server offers.
   *
   * @param voteRelay POST /v1/votes relays signed ballots (the server holds a relayer key)
   * @param devnet the demo accounts' endpoints under /v1/devnet are on
   * @param auditPicks steps per segment the audit view shows (the verifiers' default)
   */
  public record Capabilities(
      boolean voteRelay, boolean delegationRelay, boolean devnet, int auditPicks) {}

  public record Network(
      long chainId,
      Contracts contracts,
      Token token,
      Optional<GovernanceSettings> governance,
      Indexing indexing,
      Counts counts,
      Stake stake,
      Capabilities capabilities) {}

  public record Treasury(
      String address,
      BigInteger balance,
      BigInteger inflow,
      BigInteger outflow,
      BigInteger escrowedInJobs,
      Page<TreasuryFlow> flows) {}

  /**
   * A worker or verifier.
   *
   * @param roles worker, verifier
   * @param bonded stake that backs claims and jury seats; {@code unbonding} is still slashable
   *     until {@code unbondingReleaseAt}
   * @param stakeRewards added to the stake (juror rewards)
   * @param segmentRewards paid for final segments
   */
  public record Participant(
      String address,
      List<String> roles,
      String endpoint,
      String hardware,
      BigInteger bonded,
      BigInteger unbonding,
      long unbondingReleaseAt,
      BigInteger slashed,
      BigInteger stakeRewards,
      BigInteger segmentRewards,
      BigInteger compensation,
      long claims,
      long commits,
      long rewardedSegments,
      long fraudSegments,
      long disputesOpened,
      long disputesAgainst,
      long jurySeats,
      long penalties,
      long firstBlock,
      long lastBlock) {}

  /** A participant page. */
  public record ParticipantDetail(
      Participant participant, Page<HistoryEntry> history, List<JobViews.Dispute> disputes) {}

  public record Health(String status, Indexing indexing) {}
}
