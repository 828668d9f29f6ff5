package org.polyculture.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ProtocolContracts;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.governance.signature.Eip712Domain;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.tuples.generated.Tuple7;

/**
 * Reads governance state straight from the chain (not from an index): what a relay must check
 * before it spends gas, and what a proposer sees before signing. Reverted calls surface as {@link
 * ContractRevertedException}; transport failures as {@link UncheckedIOException}.
 */
public final class GovernorReader {

  private final ChainClient chain;
  private final ChainDeployment deployment;
  private final ProtocolContracts contracts;
  private volatile Eip712Domain governorDomain;
  private volatile Eip712Domain tokenDomain;

  public GovernorReader(ChainClient chain, ChainDeployment deployment) {
    this.chain = chain;
    this.deployment = deployment;
    this.contracts =
        ProtocolContracts.load(
            chain.web3j(),
            deployment,
            new RevertMappingReadonlyTransactionManager(chain.web3j(), deployment.timelock()),
            chain.gasProvider());
  }

  public ChainDeployment deployment() {
    return deployment;
  }

  /** The governor's EIP-712 domain (ERC-5267), read once: ballots are signed under it. */
  public Eip712Domain governorDomain() {
    Eip712Domain domain = governorDomain;
    if (domain == null) {
      domain = domainOf(call(contracts.governor().eip712Domain()));
      governorDomain = domain;
    }
    return domain;
  }

  /** The token's EIP-712 domain, read once: delegations are signed under it. */
  public Eip712Domain tokenDomain() {
    Eip712Domain domain = tokenDomain;
    if (domain == null) {
      domain = domainOf(call(contracts.token().eip712Domain()));
      tokenDomain = domain;
    }
    return domain;
  }

  /** The proposal's state, or empty when the governor knows no such proposal. */
  public Optional<ProposalState> state(BigInteger proposalId) {
    try {
      return ProposalState.ofCode(call(contracts.governor().state(proposalId)).longValueExact());
    } catch (ContractRevertedException e) {
      if (e.errorName().filter("GovernorNonexistentProposal"::equals).isPresent()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public BigInteger proposalSnapshot(BigInteger proposalId) {
    return call(contracts.governor().proposalSnapshot(proposalId));
  }

  public BigInteger proposalEta(BigInteger proposalId) {
    return call(contracts.governor().proposalEta(proposalId));
  }

  public boolean hasVoted(BigInteger proposalId, String voter) {
    return call(contracts.governor().hasVoted(proposalId, voter));
  }

  /** The voter's next ballot nonce at the governor. */
  public BigInteger ballotNonce(String voter) {
    return call(contracts.governor().nonces(voter));
  }

  /** The account's next nonce at the token (delegations and permits share it). */
  public BigInteger tokenNonce(String account) {
    return call(contracts.token().nonces(account));
  }

  /** Votes of {@code account} at a past {@code timepoint} (seconds). */
  public BigInteger votesAt(String account, BigInteger timepoint) {
    return call(contracts.governor().getVotes(account, timepoint));
  }

  public BigInteger currentVotes(String account) {
    return call(contracts.token().getVotes(account));
  }

  /** Whom {@code account} delegates to (the zero address when nobody). */
  public String delegateOf(String account) {
    return call(contracts.token().delegates(account)).toLowerCase(Locale.ROOT);
  }

  public BigInteger balanceOf(String account) {
    return call(contracts.token().balanceOf(account));
  }

  public BigInteger treasuryBalance() {
    return balanceOf(deployment.timelock());
  }

  public BigInteger totalSupply() {
    return call(contracts.token().totalSupply());
  }

  public BigInteger quorum(BigInteger timepoint) {
    return call(contracts.governor().quorum(timepoint));
  }

  public BigInteger pastTotalSupply(BigInteger timepoint) {
    return call(contracts.token().getPastTotalSupply(timepoint));
  }

  public GovernanceSettings settings() {
    PolycultureGovernor governor = contracts.governor();
    return new GovernanceSettings(
        call(governor.votingDelay()).longValueExact(),
        call(governor.votingPeriod()).longValueExact(),
        call(governor.proposalThreshold()),
        call(governor.quorumNumerator()).intValueExact(),
        call(contracts.timelock().getMinDelay()).longValueExact());
  }

  /** The latest block's timestamp: the governor's clock (timestamp mode). */
  public long chainTime() {
    try {
      EthBlock block =
          chain.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send();
      if (block.hasError() || block.getBlock() == null) {
        throw new UncheckedIOException(new IOException("the latest block is not available"));
      }
      return block.getBlock().getTimestamp().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException("eth_getBlockByNumber failed", e);
    }
  }

  PolycultureToken token() {
    return contracts.token();
  }

  private static Eip712Domain domainOf(
      Tuple7<byte[], String, String, BigInteger, String, byte[], java.util.List<BigInteger>>
          domain) {
    return new Eip712Domain(
        domain.component2(),
        domain.component3(),
        domain.component4().longValueExact(),
        domain.component5());
  }

  private static <T> T call(RemoteFunctionCall<T> call) {
    try {
      return call.send();
    } catch (ContractRevertedException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading the chain failed", e);
    } catch (Exception e) {
      throw new IllegalStateException("reading the chain failed: " + e.getMessage(), e);
    }
  }
}
