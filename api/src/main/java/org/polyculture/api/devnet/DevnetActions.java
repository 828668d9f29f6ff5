package org.polyculture.api.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.polyculture.api.http.ApiException;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.chain.ChainClient;
import org.polyculture.chain.ChainDeployment;
import org.polyculture.governance.GovernanceClient;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.index.GovernanceIndex;
import org.polyculture.governance.index.IndexedProposal;
import org.polyculture.governance.proposal.GovernorProposal;
import org.polyculture.governance.proposal.PreparedProposal;
import org.polyculture.governance.signature.VoteSupport;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * What a demo account does on the devnet, sent with its own key: delegate, propose, vote, and
 * (anyone may) queue and execute; and moving the local chain's clock, so a vote can end in a demo.
 */
public final class DevnetActions {

  /** The most the clock moves in one call. */
  public static final long MAX_ADVANCE_SECONDS = 30L * 24 * 3600;

  private final DevnetAccounts accounts;
  private final ChainClient chain;
  private final ChainDeployment deployment;
  private final GovernorReader reader;
  private final GovernanceIndex index;
  private final Web3jService rpc;

  public DevnetActions(
      DevnetAccounts accounts,
      ChainClient chain,
      ChainDeployment deployment,
      GovernorReader reader,
      GovernanceIndex index,
      Web3jService rpc) {
    this.accounts = accounts;
    this.chain = chain;
    this.deployment = deployment;
    this.reader = reader;
    this.index = index;
    this.rpc = rpc;
  }

  public List<DevnetViews.DemoAccount> list() {
    return accounts.accounts().stream()
        .map(
            account ->
                new DevnetViews.DemoAccount(
                    account.label(),
                    account.address(),
                    reader.balanceOf(account.address()),
                    reader.currentVotes(account.address()),
                    Optional.of(reader.delegateOf(account.address()))
                        .filter(d -> !d.equals("0x" + "0".repeat(40)))))
        .toList();
  }

  public ProposalViews.Relayed delegate(String address, String delegatee) {
    return relayed(client(address).delegate(delegatee));
  }

  public ProposalViews.Relayed vote(String address, BigInteger proposalId, VoteSupport support) {
    return relayed(client(address).castVote(proposalId, support));
  }

  public DevnetViews.Submitted propose(String address, PreparedProposal prepared) {
    GovernanceClient.Submitted submitted = client(address).propose(prepared.governorProposal());
    return new DevnetViews.Submitted(
        submitted.proposalId(),
        submitted.receipt().getTransactionHash(),
        submitted.receipt().getBlockNumber().longValueExact());
  }

  public ProposalViews.Relayed queue(BigInteger proposalId) {
    return relayed(anyone().queue(proposal(proposalId)));
  }

  public ProposalViews.Relayed execute(BigInteger proposalId) {
    return relayed(anyone().execute(proposal(proposalId)));
  }

  /** Moves the chain's clock by {@code seconds} and mines a block; returns the new chain time. */
  public long advanceTime(long seconds) {
    call("evm_increaseTime", List.of(seconds));
    call("evm_mine", List.of());
    return reader.chainTime();
  }

  private GovernorProposal proposal(BigInteger proposalId) {
    IndexedProposal indexed =
        index
            .proposal(proposalId)
            .orElseThrow(
                () -> ApiException.notFound("no proposal " + proposalId + " (yet) in the index"));
    if (indexed.descriptionTruncated()) {
      throw ApiException.refused(409, "DESCRIPTION_TOO_LONG", "the description was not kept whole");
    }
    return new GovernorProposal(
        indexed.targets(),
        indexed.values(),
        indexed.calldatas().stream().map(Bytes::fromHexString).toList(),
        indexed.description());
  }

  private GovernanceClient client(String address) {
    DevnetAccounts.Account account =
        accounts
            .byAddress(address)
            .orElseThrow(() -> ApiException.notFound(address + " is not a demo account"));
    return new GovernanceClient(chain, deployment, account.key());
  }

  private GovernanceClient anyone() {
    return new GovernanceClient(chain, deployment, accounts.accounts().get(0).key());
  }

  private void call(String method, List<?> params) {
    try {
      Response<?> response = new Request<>(method, params, rpc, RawResponse.class).send();
      if (response.hasError()) {
        throw ApiException.refused(
            409, "CHAIN_REFUSED", method + ": " + response.getError().getMessage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(method + " failed", e);
    }
  }

  private static ProposalViews.Relayed relayed(TransactionReceipt receipt) {
    return new ProposalViews.Relayed(
        receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
  }

  /** A JSON-RPC response whose result is any JSON. */
  public static final class RawResponse extends Response<Object> {}
}
