package org.polyculture.api;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.polyculture.api.devnet.DevnetAccounts;
import org.polyculture.api.devnet.DevnetActions;
import org.polyculture.api.devnet.DevnetEndpoints;
import org.polyculture.api.endpoints.GetAccount;
import org.polyculture.api.endpoints.GetBallotTypedData;
import org.polyculture.api.endpoints.GetCommunities;
import org.polyculture.api.endpoints.GetCommunity;
import org.polyculture.api.endpoints.GetDelegates;
import org.polyculture.api.endpoints.GetDelegationTypedData;
import org.polyculture.api.endpoints.GetDispute;
import org.polyculture.api.endpoints.GetDisputes;
import org.polyculture.api.endpoints.GetHealth;
import org.polyculture.api.endpoints.GetJob;
import org.polyculture.api.endpoints.GetJobDisputes;
import org.polyculture.api.endpoints.GetJobLoss;
import org.polyculture.api.endpoints.GetJobSegment;
import org.polyculture.api.endpoints.GetJobSegments;
import org.polyculture.api.endpoints.GetJobs;
import org.polyculture.api.endpoints.GetModelConfigs;
import org.polyculture.api.endpoints.GetNetwork;
import org.polyculture.api.endpoints.GetParticipant;
import org.polyculture.api.endpoints.GetParticipantHistory;
import org.polyculture.api.endpoints.GetParticipants;
import org.polyculture.api.endpoints.GetProposal;
import org.polyculture.api.endpoints.GetProposalVote;
import org.polyculture.api.endpoints.GetProposalVotes;
import org.polyculture.api.endpoints.GetProposals;
import org.polyculture.api.endpoints.GetSlashes;
import org.polyculture.api.endpoints.GetTreasury;
import org.polyculture.api.endpoints.PostDelegation;
import org.polyculture.api.endpoints.PostProposalDraft;
import org.polyculture.api.endpoints.PostVote;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.index.ActivityIndex;
import org.polyculture.api.index.ApiIndexer;
import org.polyculture.api.index.BlockClock;
import org.polyculture.api.loss.LossCurves;
import org.polyculture.api.loss.StepsFetcher;
import org.polyculture.api.read.AuditPicks;
import org.polyculture.api.read.JobReads;
import org.polyculture.api.read.NetworkReads;
import org.polyculture.api.read.NetworkViews;
import org.polyculture.api.read.ParticipantReads;
import org.polyculture.api.read.ProposalReads;
import org.polyculture.api.write.DraftService;
import org.polyculture.api.write.RelayService;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.index.EventIndexer;
import org.polyculture.chain.index.IndexedParticipant;
import org.polyculture.chain.index.IndexerMetrics;
import org.polyculture.chain.index.IndexerSettings;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.governance.GovernanceClient;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.index.GovernanceIndex;
import org.polyculture.governance.index.GovernanceIndexer;
import org.polyculture.governance.relay.DelegationRelay;
import org.polyculture.governance.relay.VoteRelay;
import org.polyculture.metrics.JvmMetrics;
import org.polyculture.metrics.MetricsRegistry;
import org.polyculture.storage.KeyValueStorage;
import org.polyculture.transfer.client.PeerUris;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3jService;

/**
 * An API node: its indexes in the given storage, the indexer that keeps them current, the read
 * models, the relays (when it holds a relayer key), the devnet's demo endpoints (when it holds demo
 * accounts, on loopback only), and the HTTP server. Built from a {@link Config}; {@code polyculture
 * api} wires one from its flags.
 */
public final class ApiNode implements AutoCloseable {

  private final ApiIndexer indexer;
  private final ApiServer server;
  private final ThreadPoolExecutor fetches;

  private ApiNode(ApiIndexer indexer, ApiServer server, ThreadPoolExecutor fetches) {
    this.indexer = indexer;
    this.server = server;
    this.fetches = fetches;
  }

  /**
   * Builds the node, indexes once (so the server never starts empty when the chain answers), and
   * starts indexing and serving.
   */
  public static ApiNode start(Config config) throws IOException {
    if (config.devnet().isPresent() && !config.settings().isLoopback()) {
      throw new IllegalArgumentException(
          "demo accounts are served only on a loopback address, not " + config.settings().host());
    }
    ChainClient chain = config.chain();
    ChainDeployment deployment = config.deployment();
    KeyValueStorage storage = config.storage();
    RetryPolicy retry = new RetryPolicy(config.transactions(), RetryPolicy.Sleeper.REAL);
    GovernorReader reader = new GovernorReader(chain, deployment);
    EventIndexer protocolIndexer =
        new EventIndexer(chain.web3j(), deployment, storage, config.indexing(), retry);
    GovernanceIndex governance = new GovernanceIndex(storage, deployment);
    GovernanceIndexer governanceIndexer =
        new GovernanceIndexer(chain.web3j(), governance, reader, config.indexing(), retry);
    ActivityIndex activity = new ActivityIndex(storage, protocolIndexer.index(), deployment);
    ApiIndexer indexer =
        new ApiIndexer(
            protocolIndexer,
            governanceIndexer,
            activity,
            reader,
            new BlockClock(chain.web3j(), 4_096),
            config.clock());

    ThreadPoolExecutor fetches =
        new ThreadPoolExecutor(
            2,
            2,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(256),
            named("api-loss-fetch"),
            new ThreadPoolExecutor.AbortPolicy());
    LossCurves losses =
        new LossCurves(
            config.steps(),
            fetches,
            config.clock(),
            4_000_000,
            Duration.ofSeconds(30),
            worker ->
                protocolIndexer
                    .index()
                    .participant(worker)
                    .map(IndexedParticipant::endpoint)
                    .flatMap(PeerUris::parse));
    ProposalReads proposals = new ProposalReads(governance, deployment);
    JobReads jobs =
        new JobReads(
            activity,
            governance,
            proposals,
            losses,
            new AuditPicks(chain.web3j(), config.auditPicks(), 4_096));
    ParticipantReads participants = new ParticipantReads(activity, jobs);
    NetworkReads.IndexerStatus status = NetworkReads.IndexerStatus.of(indexer);
    Optional<GovernanceClient> relayer =
        config.relayer().map(key -> new GovernanceClient(chain, deployment, key));
    RelayService relays =
        new RelayService(
            relayer.map(r -> new VoteRelay(reader, r)),
            relayer.map(r -> new DelegationRelay(reader, r)));
    NetworkReads network =
        new NetworkReads(
            deployment,
            governance,
            activity,
            participants,
            status,
            new NetworkViews.Capabilities(
                relays.relaysVotes(),
                relays.relaysDelegations(),
                config.devnet().isPresent(),
                config.auditPicks()));
    DraftService drafts =
        new DraftService(deployment, StateHasher.singleThreaded(), config.maxDraftParameters());

    List<ApiEndpoint> endpoints = new ArrayList<>();
    endpoints.add(new GetHealth(network));
    endpoints.add(new GetNetwork(network));
    endpoints.add(new GetTreasury(network));
    endpoints.add(new GetCommunities(proposals));
    endpoints.add(new GetCommunity(proposals));
    endpoints.add(new GetProposals(proposals));
    endpoints.add(new GetProposal(proposals));
    endpoints.add(new GetProposalVotes(proposals));
    endpoints.add(new GetProposalVote(proposals));
    endpoints.add(new GetDelegates(proposals));
    endpoints.add(new GetAccount(reader, governance));
    endpoints.add(new GetBallotTypedData(reader));
    endpoints.add(new GetDelegationTypedData(reader));
    endpoints.add(new GetJobs(jobs));
    endpoints.add(new GetJob(jobs));
    endpoints.add(new GetJobSegments(jobs));
    endpoints.add(new GetJobSegment(jobs));
    endpoints.add(new GetJobLoss(jobs));
    endpoints.add(new GetJobDisputes(jobs));
    endpoints.add(new GetDisputes(jobs));
    endpoints.add(new GetDispute(jobs));
    endpoints.add(new GetParticipants(participants));
    endpoints.add(new GetParticipant(participants));
    endpoints.add(new GetParticipantHistory(participants));
    endpoints.add(new GetSlashes(participants));
    endpoints.add(new GetModelConfigs(config.maxDraftParameters()));
    endpoints.add(new PostProposalDraft(drafts, reader, status));
    endpoints.add(new PostVote(relays));
    endpoints.add(new PostDelegation(relays));
    config
        .devnet()
        .ifPresent(
            accounts ->
                endpoints.addAll(
                    DevnetEndpoints.all(
                        new DevnetActions(
                            accounts, chain, deployment, reader, governance, config.rpc()),
                        drafts)));

    try {
      indexer.runOnce();
    } catch (IOException | RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ApiNode.class)
          .warn("the first indexing round failed; serving what is indexed: {}", e.getMessage());
    }
    indexer.start(config.pollInterval());
    try {
      MetricsRegistry registry = new MetricsRegistry();
      JvmMetrics.register(registry);
      IndexerMetrics.register(registry, protocolIndexer);
      ApiServer server = ApiServer.start(config.settings(), endpoints, config.nanoTime(), registry);
      return new ApiNode(indexer, server, fetches);
    } catch (RuntimeException e) {
      indexer.close();
      fetches.shutdownNow();
      throw e;
    }
  }

  public ApiServer server() {
    return server;
  }

  /** Indexes now, on the caller's thread (for tests that need the index current). */
  public void indexNow() throws IOException {
    indexer.runOnce();
  }

  @Override
  public void close() {
    server.close();
    indexer.close();
    fetches.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * What an API node is built from.
   *
   * @param rpc the JSON-RPC service, for the devnet's clock controls
   * @param relayer the key that pays for relayed votes and delegations, if relaying is offered
   * @param devnet demo accounts (loopback only)
   * @param steps fetches workers' per-step losses (the transfer client)
   * @param maxDraftParameters the largest model {@code POST /v1/proposal-drafts} prepares
   */
  public record Config(
      ApiSettings settings,
      ChainClient chain,
      Web3jService rpc,
      ChainDeployment deployment,
      KeyValueStorage storage,
      TransactionSettings transactions,
      IndexerSettings indexing,
      Duration pollInterval,
      Optional<Credentials> relayer,
      Optional<DevnetAccounts> devnet,
      StepsFetcher steps,
      int auditPicks,
      long maxDraftParameters,
      Clock clock,
      LongSupplier nanoTime) {

    public Config {
      Objects.requireNonNull(settings, "settings");
      Objects.requireNonNull(chain, "chain");
      Objects.requireNonNull(rpc, "rpc");
      Objects.requireNonNull(deployment, "deployment");
      Objects.requireNonNull(storage, "storage");
      Objects.requireNonNull(relayer, "relayer");
      Objects.requireNonNull(devnet, "devnet");
    }
  }
}
