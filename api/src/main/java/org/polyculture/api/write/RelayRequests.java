package org.polyculture.api.write;

/** The bodies of the signed requests the API relays. */
public final class RelayRequests {

  private RelayRequests() {}

  /**
   * A ballot signed with EIP-712 (typed data from {@code GET /v1/ballots/typed-data}).
   *
   * @param proposalId the proposal, as a decimal string
   * @param support 0 against, 1 for, 2 abstain
   * @param nonce the voter's ballot nonce at the governor, as a decimal string
   * @param signature 65 bytes {@code r ‖ s ‖ v}, 0x hex
   */
  public record Ballot(
      String proposalId, Integer support, String voter, String nonce, String signature) {}

  /**
   * A delegation signed with EIP-712 (typed data from {@code GET /v1/delegations/typed-data}).
   *
   * @param delegator the signer, whose votes move
   * @param nonce the delegator's token nonce, as a decimal string
   * @param expiry seconds since the epoch after which the signature is void, as a decimal string
   */
  public record Delegation(
      String delegator, String delegatee, String nonce, String expiry, String signature) {}
}
