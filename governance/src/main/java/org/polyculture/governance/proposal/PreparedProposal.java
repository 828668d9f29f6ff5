package org.polyculture.governance.proposal;

/**
 * A model proposal turned into a Governor proposal: the job terms it will create, the proposal's
 * actions and description, and its cost.
 */
public record PreparedProposal(
    ModelProposal source, JobTerms terms, GovernorProposal governorProposal, ProposalCost cost) {}
