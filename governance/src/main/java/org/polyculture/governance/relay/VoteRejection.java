package org.polyculture.governance.relay;

/** Why a signed ballot was not relayed. */
public enum VoteRejection {
  /** The signature is not 65 well-formed bytes (or is malleable). */
  MALFORMED_SIGNATURE,
  /** The signature is not the voter's over this ballot. */
  WRONG_SIGNER,
  /** The governor knows no such proposal. */
  UNKNOWN_PROPOSAL,
  /** The proposal is not open for voting (pending, or voting has ended). */
  PROPOSAL_NOT_ACTIVE,
  /** The nonce was already used: a replayed or superseded signature. */
  NONCE_USED,
  /** The nonce is ahead of the voter's next nonce. */
  NONCE_AHEAD,
  /** The voter has already voted on this proposal. */
  ALREADY_VOTED,
  /** The voter had no votes at the proposal's snapshot (not delegated in time). */
  NO_VOTING_POWER,
  /** A relay for this voter is already in flight. */
  RELAY_BUSY,
  /** The chain refused the call when it was estimated (its state changed since the checks). */
  CHAIN_REFUSED
}
