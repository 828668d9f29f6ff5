package org.polyculture.governance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.chain.ProtocolContracts;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.contracts.generated.PolycultureGovernor;
import org.polyculture.governance.proposal.GovernorProposal;
import org.polyculture.governance.signature.Delegation;
import org.polyculture.governance.signature.EcdsaSignature;
import org.polyculture.governance.signature.VoteSupport;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Governance transactions sent as one key: delegating, proposing, voting (directly or by relaying
 * someone's signature), queueing and executing. A call that would revert fails before anything is
 * sent, as a {@link ContractRevertedException} with the decoded error (the chain layer estimates
 * gas first).
 */
public final class GovernanceClient {

  private final ProtocolContracts contracts;
  private final String address;

  public GovernanceClient(ChainClient chain, ChainDeployment deployment, Credentials key) {
    this.contracts = chain.contracts(deployment, key);
    this.address = key.getAddress();
  }

  /** The address this client sends from. */
  public String address() {
    return address;
  }

  /** Delegates this key's votes to {@code delegatee} (itself included: votes count only then). */
  public TransactionReceipt delegate(String delegatee) {
    return send(contracts.token().delegate(delegatee));
  }

  /** Submits the proposal; returns its id (the governor's, read from the receipt) and receipt. */
  public Submitted propose(GovernorProposal proposal) {
    TransactionReceipt receipt =
        send(
            contracts
                .governor()
                .propose(
                    proposal.targets(),
                    proposal.values(),
                    proposal.calldataArrays(),
                    proposal.description()));
    BigInteger id = PolycultureGovernor.getProposalCreatedEvents(receipt).get(0).proposalId;
    return new Submitted(id, receipt);
  }

  public TransactionReceipt castVote(BigInteger proposalId, VoteSupport support) {
    return send(contracts.governor().castVote(proposalId, BigInteger.valueOf(support.code())));
  }

  /** Relays a signed ballot: the vote counts for {@code voter}; this key pays the gas. */
  public TransactionReceipt castVoteBySig(
      BigInteger proposalId, VoteSupport support, String voter, EcdsaSignature signature) {
    return send(
        contracts
            .governor()
            .castVoteBySig(
                proposalId,
                BigInteger.valueOf(support.code()),
                voter,
                signature.bytes().toArray()));
  }

  /** Relays a signed delegation: the signer's votes move; this key pays the gas. */
  public TransactionReceipt delegateBySig(Delegation delegation, EcdsaSignature signature) {
    return send(
        contracts
            .token()
            .delegateBySig(
                delegation.delegatee(),
                delegation.nonce(),
                delegation.expiry(),
                BigInteger.valueOf(signature.v()),
                signature.r().toArray(),
                signature.s().toArray()));
  }

  /** Queues a succeeded proposal in the timelock (anyone may). */
  public TransactionReceipt queue(GovernorProposal proposal) {
    return send(
        contracts
            .governor()
            .queue(
                proposal.targets(),
                proposal.values(),
                proposal.calldataArrays(),
                proposal.descriptionHash().toArray()));
  }

  /** Executes a queued proposal whose timelock delay has passed (anyone may). */
  public TransactionReceipt execute(GovernorProposal proposal) {
    BigInteger value = proposal.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    return send(
        contracts
            .governor()
            .execute(
                proposal.targets(),
                proposal.values(),
                proposal.calldataArrays(),
                proposal.descriptionHash().toArray(),
                value));
  }

  private static TransactionReceipt send(RemoteFunctionCall<TransactionReceipt> call) {
    try {
      return call.send();
    } catch (ContractRevertedException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("sending the transaction failed", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("sending the transaction failed: " + e.getMessage(), e);
    }
  }

  /** A submitted proposal: its id and the receipt of {@code propose}. */
  public record Submitted(BigInteger proposalId, TransactionReceipt receipt) {}
}
