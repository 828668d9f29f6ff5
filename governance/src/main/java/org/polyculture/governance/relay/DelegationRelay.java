package org.polyculture.governance.relay;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import org.polyculture.contracts.ContractRevertedException;
import org.polyculture.governance.GovernanceClient;
import org.polyculture.governance.GovernorReader;
import org.polyculture.governance.signature.Delegation;
import org.polyculture.governance.signature.EcdsaSignature;
import org.polyculture.protocol.ValidationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Relays delegations signed off-chain (EIP-712 {@link Delegation}s) through the token's {@code
 * delegateBySig}: a holder with no ether can activate its votes (delegating to itself) or hand them
 * to someone. Checked first against the chain: the signature recovers to the claimed delegator, the
 * expiry has not passed, the nonce is the delegator's next one, and the delegation changes
 * something.
 */
public final class DelegationRelay {

  private static final Logger LOG = LoggerFactory.getLogger(DelegationRelay.class);

  private final GovernorReader reader;
  private final GovernanceClient relayer;
  private final InFlight inFlight = new InFlight();

  public DelegationRelay(GovernorReader reader, GovernanceClient relayer) {
    this.reader = reader;
    this.relayer = relayer;
  }

  public ValidationResult<DelegationRejection> check(
      String delegator, Delegation delegation, String signatureHex) {
    return parse(delegator, delegation, signatureHex).validation();
  }

  public RelayOutcome<DelegationRejection> relay(
      String delegator, Delegation delegation, String signatureHex) {
    Optional<InFlight.Claim> claim = inFlight.claim(delegator);
    if (claim.isEmpty()) {
      return new RelayOutcome.Refused<>(
          DelegationRejection.RELAY_BUSY,
          "a delegation of " + delegator + " is already being relayed");
    }
    try {
      Checked checked = parse(delegator, delegation, signatureHex);
      if (checked.validation() instanceof ValidationResult.Invalid<DelegationRejection> invalid) {
        return new RelayOutcome.Refused<>(invalid.reason(), invalid.message());
      }
      TransactionReceipt receipt = relayer.delegateBySig(delegation, checked.signature().get());
      LOG.info(
          "relayed a delegation of {} to {} in {}",
          delegator,
          delegation.delegatee(),
          receipt.getTransactionHash());
      return new RelayOutcome.Relayed<>(
          receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
    } catch (ContractRevertedException e) {
      return new RelayOutcome.Refused<>(DelegationRejection.CHAIN_REFUSED, e.getMessage());
    } finally {
      claim.get().close();
    }
  }

  private Checked parse(String delegator, Delegation delegation, String signatureHex) {
    EcdsaSignature.Parsed parsed = EcdsaSignature.parse(signatureHex);
    if (parsed.signature().isEmpty()) {
      return Checked.refused(
          DelegationRejection.MALFORMED_SIGNATURE, parsed.validation().errorMessage().orElse(""));
    }
    EcdsaSignature signature = parsed.signature().get();
    if (!signature.isBy(delegation.digest(reader.tokenDomain()), delegator)) {
      return Checked.refused(
          DelegationRejection.WRONG_SIGNER,
          "the signature is not " + delegator + "'s over this delegation");
    }
    long now = reader.chainTime();
    if (delegation.expiry().compareTo(BigInteger.valueOf(now)) < 0) {
      return Checked.refused(
          DelegationRejection.EXPIRED,
          "the delegation expired at " + delegation.expiry() + " (chain time is " + now + ")");
    }
    BigInteger next = reader.tokenNonce(delegator);
    int order = delegation.nonce().compareTo(next);
    if (order < 0) {
      return Checked.refused(
          DelegationRejection.NONCE_USED,
          "nonce " + delegation.nonce() + " was already used; the next nonce is " + next);
    }
    if (order > 0) {
      return Checked.refused(
          DelegationRejection.NONCE_AHEAD,
          "the delegator's next nonce is " + next + ", not " + delegation.nonce());
    }
    if (reader.delegateOf(delegator).equals(delegation.delegatee().toLowerCase(Locale.ROOT))) {
      return Checked.refused(
          DelegationRejection.ALREADY_DELEGATED,
          delegator + " already delegates to " + delegation.delegatee());
    }
    return new Checked(Optional.of(signature), ValidationResult.valid());
  }

  private record Checked(
      Optional<EcdsaSignature> signature, ValidationResult<DelegationRejection> validation) {
    static Checked refused(DelegationRejection reason, String message) {
      return new Checked(Optional.empty(), ValidationResult.invalid(reason, message));
    }
  }
}
