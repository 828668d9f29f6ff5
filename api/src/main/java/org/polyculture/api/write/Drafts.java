package org.polyculture.api.write;

import java.math.BigInteger;
import java.util.Optional;
import org.polyculture.api.read.Conversions;
import org.polyculture.api.read.ProposalViews;
import org.polyculture.governance.proposal.GovernorProposal;
import org.polyculture.governance.proposal.PreparedProposal;

/** A prepared proposal as the draft view shows it. */
public final class Drafts {

  private Drafts() {}

  public static ProposalViews.Draft view(
      PreparedProposal prepared, BigInteger treasury, Optional<BigInteger> threshold) {
    GovernorProposal proposal = prepared.governorProposal();
    BigInteger budget = prepared.cost().budget();
    return new ProposalViews.Draft(
        proposal.proposalId(),
        proposal.targets(),
        proposal.values(),
        proposal.calldataHex(),
        proposal.description(),
        proposal.descriptionHash().toHexString(),
        Conversions.terms(prepared.terms()),
        Conversions.cost(prepared.cost()),
        new ProposalViews.TreasuryCheck(
            treasury, budget, treasury.subtract(budget), treasury.compareTo(budget) >= 0),
        threshold);
  }
}
