package org.polyculture.verifier.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ProtocolContracts;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.contracts.generated.DisputeManager;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.protocol.crypto.AbiWords;
import org.polyculture.protocol.crypto.Keccak256;
import org.polyculture.protocol.merkle.MerkleProof;
import org.polyculture.verifier.audit.Finding;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.utils.Numeric;

/**
 * Everything a verifier does on chain, as its own key: stake, open disputes, draw juries, vote,
 * resolve, and the reads it reconciles with. Contract rejections come back as {@link
 * TxResult.Rejected}; transport failures as {@link UncheckedIOException} (the node retries on its
 * next pass).
 */
public final class VerifierChain {

  /** Registered roles: verifier. */
  public static final int ROLE_VERIFIER = 2;

  private static final String HARDWARE = "polyculture verifier (cpu)";
  private static final int STATUS_COMMITTED = 2;
  private static final int STATUS_FINALIZED = 3;
  private static final int STATUS_REWARDED = 4;

  private final Web3j web3j;
  private final ChainDeployment deployment;
  private final ProtocolContracts contracts;
  private final String address;

  public VerifierChain(ChainClient client, ChainDeployment deployment, Credentials key) {
    this.web3j = client.web3j();
    this.deployment = deployment;
    this.contracts = client.contracts(deployment, key);
    this.address = key.getAddress().toLowerCase(Locale.ROOT);
  }

  /** This verifier's address, lowercase. */
  public String address() {
    return address;
  }

  // ------------------------------------------------------------------ blocks and time

  public long headBlock() {
    return send("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber().longValueExact();
  }

  /** The hash of block {@code number}; empty while the block does not exist yet. */
  public Optional<Bytes32> blockHash(long number) {
    return block(number).map(b -> Bytes32.fromHexString(b.getHash()));
  }

  /** The timestamp of the latest block: the chain's "now" for deadlines. */
  public long latestTimestamp() {
    EthBlock.Block latest =
        send(
                "eth_getBlockByNumber",
                web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false))
            .getBlock();
    return latest.getTimestamp().longValueExact();
  }

  /** Whether a transaction of this key is sent but not yet included. */
  public boolean hasPendingTransactions() {
    BigInteger pending =
        send(
                "eth_getTransactionCount",
                web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING))
            .getTransactionCount();
    BigInteger latest =
        send(
                "eth_getTransactionCount",
                web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST))
            .getTransactionCount();
    return pending.compareTo(latest) > 0;
  }

  private Optional<EthBlock.Block> block(long number) {
    EthBlock response =
        send(
            "eth_getBlockByNumber",
            web3j.ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false));
    return Optional.ofNullable(response.getBlock());
  }

  // ------------------------------------------------------------------ stake

  /** The dispute parameters now in force (bond, juror stake, periods). */
  public DisputeManager.Parameters disputeParameters() {
    return view("parameters", contracts.disputes().parameters());
  }

  /**
   * Registers the verifier role (keeping the endpoint of an existing registration) and tops the
   * bonded stake up to {@code target} from this key's balance.
   */
  public StakeStatus ensureVerifierStake(BigInteger target, String endpoint) {
    Staking staking = contracts.staking();
    Staking.Participant participant = view("participant", staking.participant(address));
    int roles = participant.roles.intValueExact();
    boolean registering = (roles & ROLE_VERIFIER) == 0;
    if (registering) {
      String registeredEndpoint =
          roles == 0 ? endpoint : view("endpointOf", staking.endpointOf(address));
      requireIncluded(
          "register",
          transact(
              "register",
              staking.register(
                  BigInteger.valueOf(roles | ROLE_VERIFIER), registeredEndpoint, HARDWARE),
              r -> r));
    }
    BigInteger bonded = participant.bonded;
    if (bonded.compareTo(target) >= 0) {
      return new StakeStatus(bonded, BigInteger.ZERO, registering, true);
    }
    BigInteger needed = target.subtract(bonded);
    BigInteger balance = view("balanceOf", contracts.token().balanceOf(address));
    if (balance.compareTo(needed) < 0) {
      return new StakeStatus(bonded, BigInteger.ZERO, registering, false);
    }
    requireIncluded(
        "approve",
        transact("approve", contracts.token().approve(deployment.staking(), needed), r -> r));
    requireIncluded("stake", transact("stake", staking.stake(needed), r -> r));
    return new StakeStatus(target, needed, registering, true);
  }

  public BigInteger bonded() {
    return view("bondedOf", contracts.staking().bondedOf(address));
  }

  public BigInteger tokenBalance() {
    return view("balanceOf", contracts.token().balanceOf(address));
  }

  /** The endpoint a participant registered (where a worker serves its states). */
  public String endpointOf(String participant) {
    return view("endpointOf", contracts.staking().endpointOf(participant));
  }

  // ------------------------------------------------------------------ ledger reads

  /** The ledger's record of a segment: its worker, status and commit time. */
  public TrainingLedger.Segment segmentOf(BigInteger jobId, long segment) {
    return view("segmentOf", contracts.ledger().segmentOf(jobId, BigInteger.valueOf(segment)));
  }

  /**
   * Whether {@code commit} still stands on chain: a proven fraud at or before its segment voids it
   * (the job rolls back below it), and the segment may have been committed again since.
   */
  public boolean isCurrent(SegmentCommit commit) {
    BigInteger segment = BigInteger.valueOf(commit.segment());
    byte[] stored = view("commitmentOf", contracts.ledger().commitmentOf(commit.jobId(), segment));
    Bytes32 digest =
        Keccak256.hash(
            AbiWords.encode(commit.startStateHash(), commit.stepRoot(), commit.endStateHash()));
    if (!digest.equals(Bytes32.wrap(stored))) {
      return false;
    }
    int status = segmentOf(commit.jobId(), commit.segment()).status.intValueExact();
    long next =
        view("jobOf", contracts.ledger().jobOf(commit.jobId()))
            .progress
            .nextSegment
            .longValueExact();
    return commit.segment() < next
        && (status == STATUS_COMMITTED || status == STATUS_FINALIZED || status == STATUS_REWARDED);
  }

  /** The challenge window of a job, in seconds. */
  public long challengeWindow(BigInteger jobId) {
    return view("jobOf", contracts.ledger().jobOf(jobId)).progress.challengeWindow.longValueExact();
  }

  // ------------------------------------------------------------------ disputes

  /** Opens a fraud dispute (approving the bond first); returns the dispute id. */
  public TxResult<BigInteger> openFraudDispute(SegmentCommit commit, Finding.Fraud fraud) {
    TxResult<TransactionReceipt> approved = approveBond();
    if (approved instanceof TxResult.Rejected<TransactionReceipt> rejected) {
      return TxResult.rejected(rejected.error(), rejected.message());
    }
    DisputeManager.FraudEvidence evidence =
        new DisputeManager.FraudEvidence(
            BigInteger.valueOf(fraud.step()),
            fraud.beforeStateHash().toArrayUnsafe(),
            proof(fraud.beforeProof()),
            fraud.afterStateHash().toArrayUnsafe(),
            proof(fraud.afterProof()),
            fraud.challengerStateHash().toArrayUnsafe());
    return transact(
        "openFraudDispute",
        contracts
            .disputes()
            .openFraudDispute(
                commit.jobId(), BigInteger.valueOf(commit.segment()), commitment(commit), evidence),
        VerifierChain::openedDisputeId);
  }

  /** Opens a data-availability dispute (approving the bond first); returns the dispute id. */
  public TxResult<BigInteger> openAvailabilityDispute(
      SegmentCommit commit, Finding.Unavailable unavailable) {
    TxResult<TransactionReceipt> approved = approveBond();
    if (approved instanceof TxResult.Rejected<TransactionReceipt> rejected) {
      return TxResult.rejected(rejected.error(), rejected.message());
    }
    return transact(
        "openAvailabilityDispute",
        contracts
            .disputes()
            .openAvailabilityDispute(
                commit.jobId(),
                BigInteger.valueOf(commit.segment()),
                commitment(commit),
                BigInteger.valueOf(unavailable.step()),
                unavailable.stateHash().toArrayUnsafe(),
                proof(unavailable.proof())),
        VerifierChain::openedDisputeId);
  }

  /**
   * Opens a step-list availability dispute on the segment of {@code commit} (approving the bond
   * first); returns the dispute id.
   */
  public TxResult<BigInteger> openStepListDispute(SegmentCommit commit) {
    TxResult<TransactionReceipt> approved = approveBond();
    if (approved instanceof TxResult.Rejected<TransactionReceipt> rejected) {
      return TxResult.rejected(rejected.error(), rejected.message());
    }
    return transact(
        "openStepListDispute",
        contracts
            .disputes()
            .openStepListDispute(
                commit.jobId(), BigInteger.valueOf(commit.segment()), commitment(commit)),
        VerifierChain::openedDisputeId);
  }

  public TxResult<TransactionReceipt> drawJury(BigInteger disputeId) {
    return transact("drawJury", contracts.disputes().drawJury(disputeId), r -> r);
  }

  public TxResult<TransactionReceipt> commitVote(
      BigInteger disputeId, int seat, Bytes32 voteCommitment) {
    return transact(
        "commitVote",
        contracts
            .disputes()
            .commitVote(disputeId, BigInteger.valueOf(seat), voteCommitment.toArrayUnsafe()),
        r -> r);
  }

  public TxResult<TransactionReceipt> revealVote(
      BigInteger disputeId, int seat, Vote vote, Bytes32 salt) {
    return transact(
        "revealVote",
        contracts
            .disputes()
            .revealVote(
                disputeId,
                BigInteger.valueOf(seat),
                BigInteger.valueOf(vote.code()),
                salt.toArrayUnsafe()),
        r -> r);
  }

  public TxResult<TransactionReceipt> resolve(BigInteger disputeId) {
    return transact("resolve", contracts.disputes().resolve(disputeId), r -> r);
  }

  /** The dispute as the contract holds it now, with its seats. */
  public OnChainDispute dispute(BigInteger disputeId) {
    DisputeManager.Dispute d = view("disputeOf", contracts.disputes().disputeOf(disputeId));
    List<?> rawSeats = view("seatsOf", contracts.disputes().seatsOf(disputeId));
    List<OnChainDispute.Seat> seats = new ArrayList<>(rawSeats.size());
    for (Object raw : rawSeats) {
      if (!(raw instanceof DisputeManager.Seat seat)) {
        throw new IllegalStateException("seatsOf returned " + raw);
      }
      seats.add(
          new OnChainDispute.Seat(
              seat.juror.toLowerCase(Locale.ROOT),
              seat.committed,
              seat.revealed,
              seat.vote.intValueExact()));
    }
    return new OnChainDispute(
        disputeId,
        OnChainDispute.Phase.of(d.phase.intValueExact()),
        DisputeOutcome.of(d.outcome.intValueExact()),
        DisputeKind.of(d.kind.intValueExact()),
        d.jobId,
        d.segment.longValueExact(),
        d.step.longValueExact(),
        d.challenger.toLowerCase(Locale.ROOT),
        d.worker.toLowerCase(Locale.ROOT),
        d.drawBlock.longValueExact(),
        d.commitDeadline.longValueExact(),
        d.revealDeadline.longValueExact(),
        Bytes32.wrap(d.startStateHash),
        seats);
  }

  /**
   * The evidence of the fraud dispute opened by transaction {@code transactionHash}, read from its
   * calldata; empty when the transaction was no direct call of {@code openFraudDispute}.
   */
  public Optional<FraudCalldata> fraudCalldata(String transactionHash) {
    EthTransaction response =
        send("eth_getTransactionByHash", web3j.ethGetTransactionByHash(transactionHash));
    return response
        .getTransaction()
        .filter(tx -> deployment.disputes().equalsIgnoreCase(tx.getTo()))
        .flatMap(tx -> FraudCalldataDecoder.decode(tx.getInput()));
  }

  /**
   * The dispute this node opened on step {@code step} of the segment, if one is on chain: read
   * straight from the chain's logs from {@code fromBlock} on, so that a dispute sent just before a
   * crash is found even before the index has caught up.
   */
  public Optional<BigInteger> disputeOpenedBy(
      BigInteger jobId, long segment, long step, long fromBlock) {
    for (DisputeManager.DisputeOpenedEventResponse e :
        disputesOpenedOn(jobId, segment, fromBlock)) {
      if (e.challenger.equalsIgnoreCase(address) && e.step.longValueExact() == step) {
        return Optional.of(e.disputeId);
      }
    }
    return Optional.empty();
  }

  /**
   * Another challenger's dispute on this segment with exactly this evidence (kind, step and both
   * announced state hashes) that is still open or already convicted the worker. A second dispute
   * could only repeat its verdict, at the cost of a bond, gas and jury seats; one that ended
   * without a verdict (no jury, undecided) or against its challenger does not count.
   */
  public Optional<BigInteger> standingDisputeWithSameEvidence(
      BigInteger jobId,
      long segment,
      DisputeKind kind,
      long step,
      Bytes32 committedStateHash,
      Bytes32 challengerStateHash,
      long fromBlock) {
    for (DisputeManager.DisputeOpenedEventResponse e :
        disputesOpenedOn(jobId, segment, fromBlock)) {
      boolean sameEvidence =
          !e.challenger.equalsIgnoreCase(address)
              && e.kind.intValueExact() == kind.code()
              && e.step.longValueExact() == step
              && Bytes32.wrap(e.committedStateHash).equals(committedStateHash)
              && Bytes32.wrap(e.challengerStateHash).equals(challengerStateHash);
      if (sameEvidence) {
        OnChainDispute standing = dispute(e.disputeId);
        if (standing.phase() != OnChainDispute.Phase.RESOLVED
            || standing.outcome() == DisputeOutcome.WORKER_AT_FAULT) {
          return Optional.of(e.disputeId);
        }
      }
    }
    return Optional.empty();
  }

  private List<DisputeManager.DisputeOpenedEventResponse> disputesOpenedOn(
      BigInteger jobId, long segment, long fromBlock) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
            DefaultBlockParameterName.LATEST,
            deployment.disputes());
    filter.addSingleTopic(EventEncoder.encode(DisputeManager.DISPUTEOPENED_EVENT));
    filter.addNullTopic();
    filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(jobId, 64));
    filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(segment), 64));
    EthLog logs = send("eth_getLogs", web3j.ethGetLogs(filter));
    List<DisputeManager.DisputeOpenedEventResponse> opened = new ArrayList<>();
    for (EthLog.LogResult<?> result : logs.getLogs()) {
      if (result.get() instanceof Log log) {
        opened.add(DisputeManager.getDisputeOpenedEventFromLog(log));
      }
    }
    return opened;
  }

  // ------------------------------------------------------------------ internals

  private TxResult<TransactionReceipt> approveBond() {
    BigInteger bond = disputeParameters().bond;
    return transact("approve", contracts.token().approve(deployment.disputes(), bond), r -> r);
  }

  private static BigInteger openedDisputeId(TransactionReceipt receipt) {
    List<DisputeManager.DisputeOpenedEventResponse> opened =
        DisputeManager.getDisputeOpenedEvents(receipt);
    if (opened.size() != 1) {
      throw new IllegalStateException(
          "a dispute transaction emitted " + opened.size() + " DisputeOpened events");
    }
    return opened.get(0).disputeId;
  }

  private static DisputeManager.Commitment commitment(SegmentCommit commit) {
    return new DisputeManager.Commitment(
        commit.startStateHash().toArrayUnsafe(),
        commit.stepRoot().toArrayUnsafe(),
        commit.endStateHash().toArrayUnsafe());
  }

  private static List<byte[]> proof(MerkleProof proof) {
    return proof.siblings().stream().map(Bytes32::toArrayUnsafe).toList();
  }

  private static void requireIncluded(String what, TxResult<?> result) {
    if (result instanceof TxResult.Rejected<?> rejected) {
      throw new IllegalStateException(what + " was rejected: " + rejected);
    }
  }

  private static <T> TxResult<T> transact(
      String what,
      RemoteFunctionCall<TransactionReceipt> call,
      Function<TransactionReceipt, T> produced) {
    try {
      TransactionReceipt receipt = call.send();
      return TxResult.included(receipt.getTransactionHash(), produced.apply(receipt));
    } catch (ContractRevertedException e) {
      return TxResult.rejected(e.errorName().orElse("revert"), e.getMessage());
    } catch (TransactionException e) {
      return TxResult.rejected("reverted", e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(what + " failed", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(what + " failed", e);
    }
  }

  private static <T> T view(String what, RemoteFunctionCall<T> call) {
    try {
      return call.send();
    } catch (IOException e) {
      throw new UncheckedIOException(what + " failed", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(what + " failed", e);
    }
  }

  private static <T extends Response<?>> T send(String what, Request<?, T> request) {
    try {
      T response = request.send();
      if (response.hasError()) {
        throw new UncheckedIOException(
            new IOException(what + " failed: " + response.getError().getMessage()));
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(what + " failed", e);
    }
  }
}
