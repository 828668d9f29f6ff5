package org.polyculture.api.read;

import java.math.BigInteger;
import java.util.Optional;
import org.polyculture.api.index.ActivityIndex;
import org.polyculture.api.index.ApiIndexer;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.index.IndexCursor;
import org.polyculture.chain.index.IndexedJob;
import org.polyculture.governance.GovernanceSettings;
import org.polyculture.governance.index.GovernanceIndex;
import org.polyculture.governance.index.TokenSupply;
import org.polyculture.governance.index.TreasuryFlow;

/** The network page (contracts, token, governance settings, indexing, counts, stake), treasury. */
public final class NetworkReads {

  /** The most jobs whose escrow the treasury view adds up. */
  private static final int MAX_JOBS_SUMMED = 10_000;

  private final ChainDeployment deployment;
  private final GovernanceIndex governance;
  private final ActivityIndex activity;
  private final ParticipantReads participants;
  private final IndexerStatus status;
  private final NetworkViews.Capabilities capabilities;

  public NetworkReads(
      ChainDeployment deployment,
      GovernanceIndex governance,
      ActivityIndex activity,
      ParticipantReads participants,
      IndexerStatus status,
      NetworkViews.Capabilities capabilities) {
    this.deployment = deployment;
    this.governance = governance;
    this.activity = activity;
    this.participants = participants;
    this.status = status;
    this.capabilities = capabilities;
  }

  public NetworkViews.Network network() {
    TokenSupply supply = governance.supply();
    NetworkViews.Stake stake = participants.stake();
    return new NetworkViews.Network(
        deployment.chainId(),
        new NetworkViews.Contracts(
            deployment.token(),
            deployment.timelock(),
            deployment.governor(),
            deployment.staking(),
            deployment.ledger(),
            deployment.disputes()),
        new NetworkViews.Token("POLY", 18, supply.totalSupply(), supply.burned()),
        status.settings(),
        indexing(),
        new NetworkViews.Counts(
            governance.proposalCount(),
            activity.jobCount(),
            activity.disputeCount(),
            activity.slashCount(),
            stake.workerCount() + stake.verifierCount()),
        stake,
        capabilities);
  }

  public NetworkViews.Treasury treasury(Optional<Long> before, int limit) {
    TokenSupply supply = governance.supply();
    long start = before.orElse(governance.treasuryFlowCount());
    java.util.List<TreasuryFlow> flows = governance.treasuryFlows(start, limit);
    long last = flows.isEmpty() ? 0 : flows.get(flows.size() - 1).sequence();
    BigInteger escrowed = BigInteger.ZERO;
    long jobs = Math.min(activity.jobCount(), MAX_JOBS_SUMMED);
    for (long id = 0; id < jobs; id++) {
      escrowed =
          escrowed.add(
              activity
                  .protocol()
                  .job(BigInteger.valueOf(id))
                  .map(IndexedJob::escrow)
                  .orElse(BigInteger.ZERO));
    }
    return new NetworkViews.Treasury(
        deployment.timelock(),
        supply.treasuryBalance(),
        supply.treasuryInflow(),
        supply.treasuryOutflow(),
        escrowed,
        new Page<>(
            flows,
            flows.size() == limit && last > 0
                ? Optional.of(Long.toString(last))
                : Optional.empty()));
  }

  public NetworkViews.Health health() {
    NetworkViews.Indexing indexing = indexing();
    return new NetworkViews.Health(indexing.healthy() ? "ok" : "degraded", indexing);
  }

  private NetworkViews.Indexing indexing() {
    ApiIndexer.Status current = status.status();
    return new NetworkViews.Indexing(
        activity.protocol().cursor().map(IndexCursor::block).orElse(0L),
        governance.cursor().map(IndexCursor::block).orElse(0L),
        governance.chainTime(),
        !current.stopped() && current.lastError().isEmpty(),
        current.lastError());
  }

  /** What the indexer reports: its health and the governance settings it last read. */
  public interface IndexerStatus {
    ApiIndexer.Status status();

    Optional<GovernanceSettings> settings();

    static IndexerStatus of(ApiIndexer indexer) {
      return new IndexerStatus() {
        @Override
        public ApiIndexer.Status status() {
          return indexer.status();
        }

        @Override
        public Optional<GovernanceSettings> settings() {
          return indexer.settings();
        }
      };
    }
  }
}
