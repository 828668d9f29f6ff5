package org.polyculture.api.endpoints;

import io.javalin.http.Context;
import java.math.BigInteger;
import org.polyculture.api.http.ApiEndpoint;
import org.polyculture.api.http.EndpointSpec;
import org.polyculture.api.http.RequestBodies;
import org.polyculture.api.read.NetworkReads;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.api.write.DraftRequest;
import org.polyculture.api.write.DraftService;
import org.polyculture.api.write.Drafts;
import org.polyculture.governance.GovernanceSettings;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.proposal.PreparedProposal;

/**
 * {@code POST /v1/proposal-drafts}: prepares a model proposal for a wallet to submit, and shows its
 * cost before anyone signs. Changes nothing.
 */
public final class PostProposalDraft implements ApiEndpoint {

  private final DraftService drafts;
  private final GovernorReader reader;
  private final NetworkReads.IndexerStatus status;

  public PostProposalDraft(
      DraftService drafts, GovernorReader reader, NetworkReads.IndexerStatus status) {
    this.drafts = drafts;
    this.reader = reader;
    this.status = status;
  }

  @Override
  public EndpointSpec spec() {
    return EndpointSpec.post("/v1/proposal-drafts", "postProposalDraft")
        .tag("governance")
        .summary(
            "Prepare a model proposal: actions, description, the job, its cost in tokens and steps")
        .description(
            "Nothing is sent or stored. The genesis state is built and hashed here, so the model"
                + " size is bounded by the server (400 beyond it) and one genesis is computed at a"
                + " time (503 busy, retry). The wallet submits governor.propose(targets, values,"
                + " calldatas, description); proposalId is the id the governor will give it.")
        .request(DraftRequest.class)
        .response(ProposalViews.Draft.class)
        .errors(503)
        .build();
  }

  @Override
  public void handle(Context ctx) {
    PreparedProposal prepared = drafts.prepare(RequestBodies.read(ctx, DraftRequest.class));
    BigInteger treasury = reader.treasuryBalance();
    ctx.json(
        Drafts.view(
            prepared, treasury, status.settings().map(GovernanceSettings::proposalThreshold)));
  }
}
