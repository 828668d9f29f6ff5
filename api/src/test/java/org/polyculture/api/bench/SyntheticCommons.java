package org.polyculture.api.bench;

import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.contracts.generated.Staking;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.StateHasher;
import org.polyculture.governance.proposal.DatasetReference;
import org.polyculture.governance.proposal.GovernorProposal;
import org.polyculture.governance.proposal.JobTerms;
import org.polyculture.governance.proposal.ModelProposal;
import org.polyculture.governance.proposal.PreparedProposal;
import org.polyculture.governance.proposal.ProposalPreparer;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * The history a busy commons leaves in its contracts' logs, written straight into a {@link
 * SyntheticChain}: the token minted and the treasury funded, holders delegating, workers and
 * verifiers staking, one model proposal per job voted, queued and executed (creating the job in the
 * same transaction), and every segment of every job claimed and committed, most of them finalized
 * and many rewarded. Seeded, so the same arguments give the same history.
 */
@SuppressWarnings("rawtypes") // web3j's encoders take raw Types
final class SyntheticCommons {

  static final ChainDeployment DEPLOYMENT =
      new ChainDeployment(
          SyntheticChain.CHAIN_ID,
          1,
          "0x" + "01".repeat(20),
          "0x" + "02".repeat(20),
          "0x" + "03".repeat(20),
          "0x" + "04".repeat(20),
          "0x" + "05".repeat(20),
          "0x" + "06".repeat(20));

  static final int WORKERS = 4;
  private static final int SEGMENTS_PER_BLOCK = 25;

  private final SyntheticChain chain;
  private final Random random;
  private final List<String> workers = new ArrayList<>();
  private final List<BigInteger> proposals = new ArrayList<>();
  private long transactions;

  private SyntheticCommons(SyntheticChain chain, long seed) {
    this.chain = chain;
    this.random = new Random(seed);
  }

  /** {@code jobs} jobs of {@code segmentsPerJob} segments of {@code segmentLength} steps each. */
  static SyntheticCommons build(int jobs, int segmentsPerJob, int segmentLength) {
    SyntheticChain chain = new SyntheticChain(DeploymentParameters.tokens(1_000_000_000));
    SyntheticCommons commons = new SyntheticCommons(chain, 1);
    commons.fund();
    for (int job = 0; job < jobs; job++) {
      commons.job(job, segmentsPerJob, segmentLength);
    }
    chain.nextBlock();
    return commons;
  }

  SyntheticChain chain() {
    return chain;
  }

  List<String> workers() {
    return workers;
  }

  List<BigInteger> proposals() {
    return proposals;
  }

  private void fund() {
    chain.nextBlock();
    String zero = "0x" + "0".repeat(40);
    String deployer = address(100);
    transfer(zero, deployer, DeploymentParameters.tokens(1_000_000_000));
    transfer(deployer, DEPLOYMENT.timelock(), DeploymentParameters.tokens(400_000_000));
    for (int holder = 0; holder < 2; holder++) {
      String account = address(200 + holder);
      transfer(deployer, account, DeploymentParameters.tokens(30_000_000));
      chain.log(
          DEPLOYMENT.token(),
          PolycultureToken.DELEGATECHANGED_EVENT,
          List.of(new Address(account), new Address(zero), new Address(account)),
          List.of(),
          tx());
      chain.log(
          DEPLOYMENT.token(),
          PolycultureToken.DELEGATEVOTESCHANGED_EVENT,
          List.of(new Address(account)),
          List.of(new Uint256(0), new Uint256(DeploymentParameters.tokens(30_000_000))),
          tx());
    }
    for (int i = 0; i < WORKERS + 2; i++) {
      String account = address(300 + i);
      boolean worker = i < WORKERS;
      if (worker) {
        workers.add(account);
      }
      BigInteger stake = DeploymentParameters.tokens(2_000 + 100L * i);
      chain.log(
          DEPLOYMENT.staking(),
          Staking.PARTICIPANTREGISTERED_EVENT,
          List.of(new Address(account)),
          List.of(
              new Uint8(worker ? 1 : 2),
              new Utf8String("http://127.0.0.1:9/" + i),
              new Utf8String("synthetic")),
          tx());
      chain.log(
          DEPLOYMENT.staking(),
          Staking.STAKED_EVENT,
          List.of(new Address(account)),
          List.of(new Uint256(stake), new Uint256(stake)),
          tx());
    }
  }

  private void job(int job, int segments, int segmentLength) {
    PreparedProposal prepared =
        new ProposalPreparer(DEPLOYMENT, StateHasher.singleThreaded())
            .prepare(
                ModelProposal.builder()
                    .name("Synthetic model " + job)
                    .community(job % 2 == 0 ? "bards" : "coders")
                    .model(NamedConfig.NANO)
                    .seed(job + 1)
                    .dataset(
                        new DatasetReference(
                            Bytes32.random(random),
                            Bytes32.random(random),
                            10_000_000,
                            List.of(URI.create("http://127.0.0.1:9/data"))))
                    .totalSteps((long) segments * segmentLength)
                    .segmentLength(segmentLength)
                    .rewardPerSegment(DeploymentParameters.tokens(1))
                    .minWorkerStake(DeploymentParameters.tokens(1_000))
                    .build());
    GovernorProposal proposal = prepared.governorProposal();
    BigInteger id = proposal.proposalId();
    proposals.add(id);
    long created = chain.nextBlock();
    long voteStart = SyntheticChain.timeOf(created) + 1;
    chain.log(
        DEPLOYMENT.governor(),
        PolycultureGovernor.PROPOSALCREATED_EVENT,
        List.of(),
        List.of(
            new Uint256(id),
            new Address(address(200)),
            new DynamicArray<>(
                Address.class, proposal.targets().stream().map(Address::new).toList()),
            new DynamicArray<>(
                Uint256.class, proposal.values().stream().map(Uint256::new).toList()),
            new DynamicArray<>(Utf8String.class, List.of(new Utf8String(""), new Utf8String(""))),
            new DynamicArray<>(
                DynamicBytes.class,
                proposal.calldatas().stream().map(c -> new DynamicBytes(c.toArray())).toList()),
            new Uint256(voteStart),
            new Uint256(voteStart + 60),
            new Utf8String(proposal.description())),
        tx());
    chain.nextBlock();
    for (int holder = 0; holder < 2; holder++) {
      chain.log(
          DEPLOYMENT.governor(),
          PolycultureGovernor.VOTECAST_EVENT,
          List.of(new Address(address(200 + holder))),
          List.of(
              new Uint256(id),
              new Uint8(1),
              new Uint256(DeploymentParameters.tokens(30_000_000)),
              new Utf8String("")),
          tx());
    }
    for (int skip = 0; skip < 6; skip++) {
      chain.nextBlock();
    }
    chain.log(
        DEPLOYMENT.governor(),
        PolycultureGovernor.PROPOSALQUEUED_EVENT,
        List.of(),
        List.of(new Uint256(id), new Uint256(SyntheticChain.timeOf(chain.head()) + 10)),
        tx());
    chain.nextBlock();
    Bytes32 execution = tx();
    JobTerms terms = prepared.terms();
    transfer(DEPLOYMENT.timelock(), DEPLOYMENT.ledger(), terms.budget(), execution);
    chain.log(
        DEPLOYMENT.ledger(),
        TrainingLedger.JOBCREATED_EVENT,
        List.of(new Uint256(job)),
        List.of(
            bytes32(terms.modelSpecHash()),
            bytes32(terms.datasetRoot()),
            bytes32(terms.genesisStateHash()),
            new Uint64(terms.totalSteps()),
            new Uint32(terms.segmentLength()),
            new Uint128(terms.rewardPerSegment()),
            new Uint128(terms.minWorkerStake()),
            new Uint32(terms.challengeWindowSeconds()),
            new Uint32(terms.leaseSeconds()),
            new Uint256(terms.budget())),
        execution);
    chain.log(
        DEPLOYMENT.ledger(),
        TrainingLedger.JOBMETADATA_EVENT,
        List.of(new Uint256(job)),
        List.of(
            new DynamicBytes(terms.modelSpec().encode().toArray()),
            new Uint64(new BigInteger(Long.toUnsignedString(terms.seed()))),
            bytes32(terms.datasetManifestHash()),
            new DynamicArray<>(
                Utf8String.class, terms.datasetLocations().stream().map(Utf8String::new).toList())),
        execution);
    chain.log(
        DEPLOYMENT.governor(),
        PolycultureGovernor.PROPOSALEXECUTED_EVENT,
        List.of(),
        List.of(new Uint256(id)),
        execution);

    Bytes32 tip = terms.genesisStateHash();
    for (int segment = 0; segment < segments; segment++) {
      if (segment % SEGMENTS_PER_BLOCK == 0) {
        chain.nextBlock();
      }
      String worker = workers.get(segment % WORKERS);
      // The API never checks a step root against step hashes it was not served: random will do.
      Bytes32 root = Bytes32.random(random);
      Bytes32 end = Bytes32.random(random);
      List<Type> key = List.of(new Uint256(job), new Uint256(segment), new Address(worker));
      chain.log(
          DEPLOYMENT.ledger(),
          TrainingLedger.SEGMENTCLAIMED_EVENT,
          key,
          List.of(new Uint64(SyntheticChain.timeOf(chain.head()) + 600)),
          tx());
      chain.log(
          DEPLOYMENT.ledger(),
          TrainingLedger.SEGMENTCOMMITTED_EVENT,
          key,
          List.of(bytes32(tip), bytes32(root), bytes32(end)),
          tx());
      tip = end;
      if (segment < segments * 8 / 10) {
        chain.log(
            DEPLOYMENT.ledger(),
            TrainingLedger.SEGMENTFINALIZED_EVENT,
            List.of(new Uint256(job), new Uint256(segment)),
            List.of(),
            tx());
        if (segment % 2 == 0) {
          chain.log(
              DEPLOYMENT.ledger(),
              TrainingLedger.REWARDPAID_EVENT,
              key,
              List.of(new Uint256(terms.rewardPerSegment())),
              tx());
        }
      }
    }
  }

  private void transfer(String from, String to, BigInteger amount) {
    transfer(from, to, amount, tx());
  }

  private void transfer(String from, String to, BigInteger amount, Bytes32 transaction) {
    chain.log(
        DEPLOYMENT.token(),
        PolycultureToken.TRANSFER_EVENT,
        List.of(new Address(from), new Address(to)),
        List.of(new Uint256(amount)),
        transaction);
  }

  private Bytes32 tx() {
    return org.polyculture.protocol.crypto.Keccak256.hash(Bytes.ofUnsignedLong(++transactions));
  }

  private static org.web3j.abi.datatypes.generated.Bytes32 bytes32(Bytes32 value) {
    return new org.web3j.abi.datatypes.generated.Bytes32(value.toArray());
  }

  static String address(int index) {
    return "0x" + String.format("%040x", index);
  }
}
