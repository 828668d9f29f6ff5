package org.polyculture.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.protocol.job.ModelSpec;
import org.polyculture.testkit.LocalChain;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The protocol deployed on the test chain by {@link ContractDeployer} with the devnet profile, a
 * {@link ChainClient} to drive it, and the one thing only governance can do that tests need: a job.
 */
public final class DeployedProtocol implements AutoCloseable {

  static final DeploymentParameters PARAMETERS = DeploymentParameters.devnet();
  public static final int SEGMENT_LENGTH = 16;
  static final int SEGMENTS = 8;
  static final BigInteger REWARD = DeploymentParameters.tokens(10);

  final LocalChain chain;
  final ChainClient client;
  final ChainDeployment deployment;
  final Credentials deployer;

  private DeployedProtocol(LocalChain chain, ChainClient client, ChainDeployment deployment) {
    this.chain = chain;
    this.client = client;
    this.deployment = deployment;
    this.deployer = chain.account(0);
  }

  static TransactionSettings settings() {
    return TransactionSettings.instamine().withReceiptPollInterval(Duration.ofMillis(20));
  }

  public static DeployedProtocol deploy(LocalChain chain) throws Exception {
    ChainClient client =
        ChainClient.connect(new HttpService(chain.rpcUrl()), settings(), RetryPolicy.Sleeper.REAL);
    Credentials deployer = chain.account(0);
    ChainDeployment deployment =
        new ContractDeployer(
                client.web3j(),
                client.chainId(),
                client.transactions(deployer),
                client.gasProvider())
            .deploy(PARAMETERS);
    return new DeployedProtocol(chain, client, deployment);
  }

  public ProtocolContracts as(Credentials key) {
    return client.contracts(deployment, key);
  }

  /** The model the test jobs commit to; the ledger checks its hash against the metadata. */
  public static final ModelSpec MODEL = ModelSpec.current(NamedConfig.NANO.config());

  public static final long JOB_SEED = 0xFEDC_BA98_7654_3210L;
  public static final byte[] MANIFEST_HASH =
      Hash.sha3("indexer test manifest".getBytes(StandardCharsets.UTF_8));
  public static final List<String> DATASET_LOCATIONS = List.of("http://127.0.0.1:9/datasets");

  static TrainingLedger.JobSpec jobSpec(byte[] genesis) {
    return new TrainingLedger.JobSpec(
        MODEL.hash().toArrayUnsafe(),
        Hash.sha3("indexer test data".getBytes(StandardCharsets.UTF_8)),
        genesis,
        BigInteger.valueOf((long) SEGMENT_LENGTH * SEGMENTS),
        BigInteger.valueOf(SEGMENT_LENGTH),
        REWARD,
        DeploymentParameters.tokens(1_000),
        BigInteger.valueOf(3_600),
        BigInteger.valueOf(600));
  }

  /**
   * Creates a job the only way there is: the deployer (holding most of the supply) delegates to
   * itself, proposes approve + createJob from the treasury, votes, and the proposal is queued and
   * executed through the timelock. Returns the execution receipt.
   */
  TransactionReceipt createJobThroughGovernance(TrainingLedger.JobSpec spec) throws Exception {
    ProtocolContracts contracts = as(deployer);
    contracts.token().delegate(deployer.getAddress()).send();
    chain.increaseTime(Duration.ofSeconds(1));
    BigInteger budget = spec.rewardPerSegment.multiply(spec.totalSteps.divide(spec.segmentLength));
    List<String> targets = List.of(deployment.token(), deployment.ledger());
    List<BigInteger> values = List.of(BigInteger.ZERO, BigInteger.ZERO);
    List<byte[]> calldatas =
        List.of(
            encode(
                new Function(
                    "approve",
                    List.of(new Address(deployment.ledger()), new Uint256(budget)),
                    List.of())),
            encode(
                new Function(
                    "createJob",
                    List.of(
                        spec,
                        new DynamicBytes(MODEL.encode().toArrayUnsafe()),
                        new Uint64(new BigInteger(Long.toUnsignedString(JOB_SEED))),
                        new Bytes32(MANIFEST_HASH),
                        new DynamicArray<>(
                            Utf8String.class,
                            DATASET_LOCATIONS.stream().map(Utf8String::new).toList())),
                    List.of())));
    String description = "Create a job for the indexer tests";
    byte[] descriptionHash = Hash.sha3(description.getBytes(StandardCharsets.UTF_8));
    PolycultureGovernor governor = contracts.governor();
    TransactionReceipt proposed = governor.propose(targets, values, calldatas, description).send();
    BigInteger proposalId =
        PolycultureGovernor.getProposalCreatedEvents(proposed).get(0).proposalId;
    chain.increaseTime(PARAMETERS.votingDelay().plusSeconds(1));
    governor.castVote(proposalId, BigInteger.ONE).send();
    chain.increaseTime(PARAMETERS.votingPeriod().plusSeconds(1));
    governor.queue(targets, values, calldatas, descriptionHash).send();
    chain.increaseTime(PARAMETERS.timelockDelay().plusSeconds(1));
    return governor.execute(targets, values, calldatas, descriptionHash, BigInteger.ZERO).send();
  }

  /** Gives tokens from the deployer, registers and stakes. */
  public void stake(Credentials who, int roles, BigInteger amount) throws Exception {
    as(deployer).token().transfer(who.getAddress(), amount).send();
    ProtocolContracts contracts = as(who);
    contracts
        .staking()
        .register(BigInteger.valueOf(roles), "http://127.0.0.1:9/" + who.getAddress(), "cpu")
        .send();
    contracts.token().approve(deployment.staking(), amount).send();
    contracts.staking().stake(amount).send();
  }

  /** After evm_revert the chain's nonces went back; the managers must read them again. */
  public void forgetNonces() {
    for (Credentials account : chain.accounts()) {
      client.transactions(account).resync();
    }
  }

  public ChainDeployment deployment() {
    return deployment;
  }

  public static BigInteger tokens(long whole) {
    return DeploymentParameters.tokens(whole);
  }

  /** Creates a job from this genesis state through governance; returns the execution receipt. */
  public TransactionReceipt createJob(byte[] genesis) throws Exception {
    return createJobThroughGovernance(jobSpec(genesis));
  }

  @Override
  public void close() {
    client.close();
  }

  private static byte[] encode(Function function) {
    return Numeric.hexStringToByteArray(FunctionEncoder.encode(function));
  }
}
