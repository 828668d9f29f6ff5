package org.polyculture.api.devnet;

import io.javalin.http.Context;
import java.math.BigInteger;
import java.util.List;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.ApiException;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.Params;
import org.polyculture.api.http.RequestBodies;
import org.polyculture.api.openapi.Types;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.api.write.DraftRequest;
import org.polyculture.api.write.DraftService;
import org.polyculture.governance.signature.VoteSupport;

/**
 * The devnet's demo endpoints under {@code /v1/devnet}: only registered when the server holds demo
 * accounts, which it accepts only on loopback. Each is its own endpoint class.
 */
public final class DevnetEndpoints {

  private DevnetEndpoints() {}

  public static List<ApiEndpoint> all(DevnetActions actions, DraftService drafts) {
    return List.of(
        new GetAccounts(actions),
        new PostDelegate(actions),
        new PostVote(actions),
        new PostProposal(actions, drafts),
        new PostQueue(actions),
        new PostExecute(actions),
        new PostTime(actions));
  }

  /** {@code GET /v1/devnet/accounts}. */
  public static final class GetAccounts implements ApiEndpoint {
    private final DevnetActions actions;

    GetAccounts(DevnetActions actions) {
      this.actions = actions;
    }

    @Override
    public EndpointSpec spec() {
      return EndpointSpec.get("/v1/devnet/accounts", "getDevnetAccounts")
          .tag("devnet")
          .summary("The demo accounts (devnet only): label, address, balance, votes, delegate")
          .response(Types.list(DevnetViews.DemoAccount.class))
          .errors(503)
          .build();
    }

    @Override
    public void handle(Context ctx) {
      ctx.json(actions.list());
    }
  }

  /** {@code POST /v1/devnet/accounts/{address}/delegate}. */
  public static final class PostDelegate implements ApiEndpoint {
    private final DevnetActions actions;

    PostDelegate(DevnetActions actions) {
      this.actions = actions;
    }

    @Override
    public EndpointSpec spec() {
      return EndpointSpec.post("/v1/devnet/accounts/{address}/delegate", "postDevnetDelegate")
          .tag("devnet")
          .summary("Delegate a demo account's votes (to itself to activate them)")
          .pathParam("address", "address", "the demo account")
          .request(DevnetViews.DelegateRequest.class)
          .response(ProposalViews.Relayed.class)
          .errors(404, 409, 503)
          .build();
    }

    @Override
    public void handle(Context ctx) {
      String address = Params.pathAddress(ctx, "address");
      DevnetViews.DelegateRequest request =
          RequestBodies.read(ctx, DevnetViews.DelegateRequest.class);
      ctx.json(actions.delegate(address, Params.address("delegatee", request.delegatee())));
    }
  }

  /** {@code POST /v1/devnet/accounts/{address}/vote}. */
  public static final class PostVote implements ApiEndpoint {
    private final DevnetActions actions;

    PostVote(DevnetActions actions) {
      this.actions = actions;
    }

    @Override
    public EndpointSpec spec() {
      return EndpointSpec.post("/v1/devnet/accounts/{address}/vote", "postDevnetVote")
          .tag("devnet")
          .summary("Vote as a demo account")
          .pathParam("address", "address", "the demo account")
          .request(DevnetViews.VoteRequest.class)
          .response(ProposalViews.Relayed.class)
          .errors(404, 409, 503)
          .build();
    }

    @Override
    public void handle(Context ctx) {
      String address = Params.pathAddress(ctx, "address");
      DevnetViews.VoteRequest request = RequestBodies.read(ctx, DevnetViews.VoteRequest.class);
      BigInteger proposalId = Params.uint256("proposalId", request.proposalId());
      VoteSupport support =
          (request.support() == null
                  ? java.util.Optional.<VoteSupport>empty()
                  : VoteSupport.ofCode(request.support()))
              .orElseThrow(() -> ApiException.invalid("support", "must be 0, 1 or 2"));
      ctx.json(actions.vote(address, proposalId, support));
    }
  }

  /** {@code POST /v1/devnet/accounts/{address}/proposals}. */
  public static final class PostProposal implements ApiEndpoint {
    private final DevnetActions actions;
    private final DraftService drafts;

    PostProposal(DevnetActions actions, DraftService drafts) {
      this.actions = actions;
      this.drafts = drafts;
    }

    @Override
    public EndpointSpec spec() {
      return EndpointSpec.post("/v1/devnet/accounts/{address}/proposals", "postDevnetProposal")
          .tag("devnet")
          .summary("Prepare and submit a model proposal as a demo account")
          .pathParam("address", "address", "the demo account (the proposer)")
          .request(DraftRequest.class)
          .response(DevnetViews.Submitted.class)
          .errors(404, 409, 503)
          .build();
    }

    @Override
    public void handle(Context ctx) {
      String address = Params.pathAddress(ctx, "address");
      DraftRequest request = RequestBodies.read(ctx, DraftRequest.class);
      DraftRequest asProposer =
          new DraftRequest(
              request.name(),
              request.community(),
              request.summary(),
              request.model(),
              request.seed(),
              request.dataset(),
              request.totalSteps(),
              request.segmentLength(),
              request.rewardPerSegment(),
              request.minWorkerStake(),
              request.challengeWindowSeconds(),
              request.leaseSeconds(),
              java.util.Optional.of(address));
      ctx.json(actions.propose(address, drafts.prepare(asProposer)));
    }
  }

  /** {@code POST /v1/devnet/proposals/{id}/queue}. */
  public static final class PostQueue implements ApiEndpoint {
    private final DevnetActions actions;

    PostQueue(DevnetActions actions) {
      this.actions = actions;
    }

    @Override
    public EndpointSpec spec() {
      return EndpointSpec.post("/v1/devnet/proposals/{id}/queue", "postDevnetQueue")
          .tag("devnet")
          .summary("Queue a succeeded proposal in the timelock (sent by a demo account)")
          .pathParam("id", "uint256", "the proposal id")
          .response(ProposalViews.Relayed.class)
          .errors(400, 404, 409, 503)
          .build();
    }

    @Override
    public void handle(Context ctx) {
      ctx.json(actions.queue(Params.pathUint256(ctx, "id")));
    }
  }

  /** {@code POST /v1/devnet/proposals/{id}/execute}. */
  public static final class PostExecute implements ApiEndpoint {
    private final DevnetActions actions;

    PostExecute(DevnetActions actions) {
      this.actions = actions;
    }

    @Override
    public EndpointSpec spec() {
      return EndpointSpec.post("/v1/devnet/proposals/{id}/execute", "postDevnetExecute")
          .tag("devnet")
          .summary("Execute a queued proposal whose delay has passed (sent by a demo account)")
          .pathParam("id", "uint256", "the proposal id")
          .response(ProposalViews.Relayed.class)
          .errors(400, 404, 409, 503)
          .build();
    }

    @Override
    public void handle(Context ctx) {
      ctx.json(actions.execute(Params.pathUint256(ctx, "id")));
    }
  }

  /** {@code POST /v1/devnet/time}. */
  public static final class PostTime implements ApiEndpoint {
    private final DevnetActions actions;

    PostTime(DevnetActions actions) {
      this.actions = actions;
    }

    @Override
    public EndpointSpec spec() {
      return EndpointSpec.post("/v1/devnet/time", "postDevnetTime")
          .tag("devnet")
          .summary("Move the local chain's clock forward and mine a block")
          .request(DevnetViews.AdvanceRequest.class)
          .response(DevnetViews.ChainTime.class)
          .errors(409, 503)
          .build();
    }

    @Override
    public void handle(Context ctx) {
      DevnetViews.AdvanceRequest request =
          RequestBodies.read(ctx, DevnetViews.AdvanceRequest.class);
      if (request.seconds() == null
          || request.seconds() < 1
          || request.seconds() > DevnetActions.MAX_ADVANCE_SECONDS) {
        throw ApiException.invalid("seconds", "must be 1 to " + DevnetActions.MAX_ADVANCE_SECONDS);
      }
      ctx.json(new DevnetViews.ChainTime(actions.advanceTime(request.seconds())));
    }
  }
}
