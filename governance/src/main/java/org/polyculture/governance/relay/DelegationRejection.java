package org.polyculture.governance.relay;

/** Why a signed delegation was not relayed. */
public enum DelegationRejection {
  /** The signature is not 65 well-formed bytes (or is malleable). */
  MALFORMED_SIGNATURE,
  /** The signature is not the delegator's over this delegation. */
  WRONG_SIGNER,
  /** The signature's expiry has passed (chain time). */
  EXPIRED,
  /** The nonce was already used: a replayed or superseded signature. */
  NONCE_USED,
  /** The nonce is ahead of the delegator's next nonce. */
  NONCE_AHEAD,
  /** The delegator already delegates to this delegatee. */
  ALREADY_DELEGATED,
  /** A relay for this delegator is already in flight. */
  RELAY_BUSY,
  /** The chain refused the call when it was estimated. */
  CHAIN_REFUSED
}
