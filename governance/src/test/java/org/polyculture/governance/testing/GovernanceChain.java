package org.polyculture.governance.testing;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ContractDeployer;
import org.polyculture.chain.DeploymentParameters;
import org.polyculture.chain.ProtocolContracts;
import org.polyculture.chain.tx.RetryPolicy;
import org.polyculture.chain.tx.TransactionSettings;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.governance.GovernanceClient;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.proposal.DatasetReference;
import org.polyculture.governance.proposal.ModelProposal;
import org.polyculture.testkit.LocalChain;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.http.HttpService;

/**
 * The protocol deployed on the test chain with the devnet profile, holders funded from the
 * deployer, and the governance client, reader and relays a test drives. Account 0 deploys, 1-4 hold
 * tokens, 9 relays.
 */
public final class GovernanceChain implements AutoCloseable {

  public static final DeploymentParameters PARAMETERS = DeploymentParameters.devnet();

  /** Each holder's tokens: 30M, so two holders together pass the 4% (40M) quorum. */
  public static final BigInteger HOLDING = DeploymentParameters.tokens(30_000_000);

  public final LocalChain chain;
  public final ChainClient client;
  public final ChainDeployment deployment;
  public final GovernorReader reader;

  private GovernanceChain(LocalChain chain, ChainClient client, ChainDeployment deployment) {
    this.chain = chain;
    this.client = client;
    this.deployment = deployment;
    this.reader = new GovernorReader(client, deployment);
  }

  public static GovernanceChain deploy(LocalChain chain) throws Exception {
    ChainClient client =
        ChainClient.connect(
            new HttpService(chain.rpcUrl()),
            TransactionSettings.instamine().withReceiptPollInterval(Duration.ofMillis(20)),
            RetryPolicy.Sleeper.REAL);
    Credentials deployer = chain.account(0);
    ChainDeployment deployment =
        new ContractDeployer(
                client.web3j(),
                client.chainId(),
                client.transactions(deployer),
                client.gasProvider())
            .deploy(PARAMETERS);
    GovernanceChain governance = new GovernanceChain(chain, client, deployment);
    for (int holder = 1; holder <= 4; holder++) {
      governance.as(deployer).token().transfer(chain.account(holder).getAddress(), HOLDING).send();
    }
    return governance;
  }

  public Credentials holder(int index) {
    return chain.account(index);
  }

  public Credentials relayerKey() {
    return chain.account(9);
  }

  public ProtocolContracts as(Credentials key) {
    return client.contracts(deployment, key);
  }

  public GovernanceClient governance(Credentials key) {
    return new GovernanceClient(client, deployment, key);
  }

  /** A small model proposal: nano, 2 segments of 50 steps, 10 POLY per segment. */
  public static ModelProposal.Builder nanoProposal() {
    return ModelProposal.builder()
        .name("Tiny Shakespeare")
        .community("bards")
        .summary("A byte-level model of the plays.")
        .model(NamedConfig.NANO)
        .seed(7)
        .dataset(
            new DatasetReference(
                Bytes32.fromHexString("0x" + "ab".repeat(32)),
                Bytes32.fromHexString("0x" + "cd".repeat(32)),
                1_000_000,
                List.of(URI.create("http://127.0.0.1:8545/data"))))
        .totalSteps(100)
        .segmentLength(50)
        .rewardPerSegment(DeploymentParameters.tokens(10))
        .minWorkerStake(DeploymentParameters.tokens(1_000));
  }

  public void forgetNonces() {
    for (Credentials account : chain.accounts()) {
      client.transactions(account).resync();
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
