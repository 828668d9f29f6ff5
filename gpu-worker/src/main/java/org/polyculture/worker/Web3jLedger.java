package org.polyculture.worker;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ProtocolContracts;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;

/** The {@link Ledger} over the generated Web3j wrappers, sending with this worker's key. */
public final class Web3jLedger implements Ledger {

  private final ChainClient client;
  private final ChainDeployment deployment;
  private final ProtocolContracts contracts;
  private final String address;

  public Web3jLedger(ChainClient client, ChainDeployment deployment, Credentials key) {
    this.client = client;
    this.deployment = deployment;
    this.contracts = client.contracts(deployment, key);
    this.address = key.getAddress().toLowerCase(Locale.ROOT);
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public long chainTime() throws IOException {
    EthBlock block =
        client.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send();
    if (block.hasError() || block.getBlock() == null) {
      throw new IOException("the latest block is not available");
    }
    return block.getBlock().getTimestamp().longValueExact();
  }

  @Override
  public boolean hasPendingTransactions() throws IOException {
    BigInteger pending =
        client
            .web3j()
            .ethGetTransactionCount(address, DefaultBlockParameterName.PENDING)
            .send()
            .getTransactionCount();
    BigInteger latest =
        client
            .web3j()
            .ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
            .send()
            .getTransactionCount();
    return pending.compareTo(latest) > 0;
  }

  @Override
  public BigInteger jobCount() throws IOException {
    return call("jobCount", () -> contracts.ledger().jobCount().send());
  }

  @Override
  public JobView job(BigInteger jobId) throws IOException {
    TrainingLedger.Job job = call("jobOf", () -> contracts.ledger().jobOf(jobId).send());
    TrainingLedger.JobProgress progress = job.progress;
    return new JobView(
        Bytes32.wrap(job.modelSpecHash),
        Bytes32.wrap(job.datasetRoot),
        Bytes32.wrap(job.genesisStateHash),
        Bytes32.wrap(job.tipStateHash),
        job.rewardPerSegment,
        job.minWorkerStake,
        job.escrow,
        progress.segmentLength.longValueExact(),
        progress.segmentCount.longValueExact(),
        progress.challengeWindow.longValueExact(),
        progress.leaseDuration.longValueExact(),
        progress.nextSegment.longValueExact(),
        progress.finalizedSegments.longValueExact(),
        progress.generation.longValueExact());
  }

  @Override
  public SegmentView segment(BigInteger jobId, long segment) throws IOException {
    TrainingLedger.Segment view =
        call(
            "segmentOf",
            () -> contracts.ledger().segmentOf(jobId, BigInteger.valueOf(segment)).send());
    return new SegmentView(
        view.worker.toLowerCase(Locale.ROOT),
        view.time.longValueExact(),
        view.status.intValueExact(),
        view.openDisputes.intValueExact(),
        view.generation.longValueExact());
  }

  @Override
  public VoidedRange voidedIn(BigInteger jobId, long generation) throws IOException {
    TrainingLedger.VoidedRange range =
        call(
            "voidedIn",
            () -> contracts.ledger().voidedIn(jobId, BigInteger.valueOf(generation)).send());
    return new VoidedRange(
        range.fromSegment.longValueExact(), range.toSegment.longValueExact(), range.perSegment);
  }

  @Override
  public Bytes32 commitment(BigInteger jobId, long segment) throws IOException {
    return Bytes32.wrap(
        call(
            "commitmentOf",
            () -> contracts.ledger().commitmentOf(jobId, BigInteger.valueOf(segment)).send()));
  }

  @Override
  public ParticipantView participant() throws IOException {
    Staking.Participant participant =
        call("participant", () -> contracts.staking().participant(address).send());
    return new ParticipantView(
        participant.bonded,
        participant.roles.intValueExact(),
        endpointOf(address),
        participant.unbonding,
        participant.lockedUntil.longValueExact(),
        participant.openDisputes.intValueExact());
  }

  @Override
  public BigInteger tokenBalance() throws IOException {
    return call("balanceOf", () -> contracts.token().balanceOf(address).send());
  }

  @Override
  public String endpointOf(String account) throws IOException {
    return call("endpointOf", () -> contracts.staking().endpointOf(account).send());
  }

  @Override
  public void register(int roles, String endpoint, String hardware) throws IOException {
    call(
        "register",
        () -> contracts.staking().register(BigInteger.valueOf(roles), endpoint, hardware).send());
  }

  @Override
  public void stake(BigInteger amount) throws IOException {
    call("approve", () -> contracts.token().approve(deployment.staking(), amount).send());
    call("stake", () -> contracts.staking().stake(amount).send());
  }

  @Override
  public long claim(BigInteger jobId, long segment) throws IOException {
    TransactionReceipt receipt =
        call("claim", () -> contracts.ledger().claim(jobId, BigInteger.valueOf(segment)).send());
    return TrainingLedger.getSegmentClaimedEvents(receipt).get(0).leaseDeadline.longValueExact();
  }

  @Override
  public void commit(BigInteger jobId, long segment, Bytes32 start, Bytes32 stepRoot, Bytes32 end)
      throws IOException {
    call(
        "commit",
        () ->
            contracts
                .ledger()
                .commit(
                    jobId,
                    BigInteger.valueOf(segment),
                    start.toArrayUnsafe(),
                    stepRoot.toArrayUnsafe(),
                    end.toArrayUnsafe())
                .send());
  }

  @Override
  public void finalizeSegment(BigInteger jobId, long segment) throws IOException {
    call("finalize", () -> contracts.ledger().finalize(jobId, BigInteger.valueOf(segment)).send());
  }

  @Override
  public BigInteger claimReward(BigInteger jobId, long segment) throws IOException {
    TransactionReceipt receipt =
        call(
            "claimReward",
            () -> contracts.ledger().claimReward(jobId, BigInteger.valueOf(segment)).send());
    return TrainingLedger.getRewardPaidEvents(receipt).get(0).amount;
  }

  @Override
  public BigInteger claimCompensation(BigInteger jobId, long segment) throws IOException {
    TransactionReceipt receipt =
        call(
            "claimCompensation",
            () -> contracts.ledger().claimCompensation(jobId, BigInteger.valueOf(segment)).send());
    return TrainingLedger.getCompensationPaidEvents(receipt).get(0).amount;
  }

  private static <T> T call(String what, Callable<T> call) throws IOException {
    try {
      return call.call();
    } catch (ContractRevertedException | IOException e) {
      throw e;
    } catch (TransactionException e) {
      throw new ContractRevertedException(what, "0x");
    } catch (RuntimeException e) {
      if (e.getCause() instanceof ContractRevertedException reverted) {
        throw reverted;
      }
      throw new IOException(what + " failed: " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IOException(what + " failed: " + e.getMessage(), e);
    }
  }
}
