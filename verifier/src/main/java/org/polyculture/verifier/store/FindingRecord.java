package org.polyculture.verifier.store;

import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.merkle.MerkleProof;
import org.polyculture.verifier.audit.Finding;
import org.polyculture.verifier.chain.DisputeKind;

/**
 * A finding as persisted before its dispute is sent, with everything needed to send it again after
 * a restart. Hashes are 0x-hex.
 *
 * @param stateHash the proven state after {@code step}: the committed one (fraud) or the withheld
 *     one (availability); for a withheld step list, the committed step root
 */
public record FindingRecord(
    DisputeKind kind,
    long step,
    String stateHash,
    List<String> proof,
    Optional<String> beforeStateHash,
    List<String> beforeProof,
    Optional<String> challengerStateHash,
    boolean selfEvident,
    String reason) {

  public FindingRecord {
    proof = List.copyOf(proof);
    beforeProof = List.copyOf(beforeProof);
  }

  public static FindingRecord of(Finding finding) {
    return switch (finding) {
      case Finding.Fraud fraud ->
          new FindingRecord(
              DisputeKind.FRAUD,
              fraud.step(),
              fraud.afterStateHash().toHexString(),
              hex(fraud.afterProof()),
              Optional.of(fraud.beforeStateHash().toHexString()),
              hex(fraud.beforeProof()),
              Optional.of(fraud.challengerStateHash().toHexString()),
              fraud.selfEvident(),
              fraud.selfEvident()
                  ? "the last leaf contradicts the committed end state"
                  : "the recomputed state differs");
      case Finding.Unavailable unavailable ->
          new FindingRecord(
              DisputeKind.AVAILABILITY,
              unavailable.step(),
              unavailable.stateHash().toHexString(),
              hex(unavailable.proof()),
              Optional.empty(),
              List.of(),
              Optional.empty(),
              false,
              unavailable.reason());
      case Finding.StepListWithheld withheld ->
          new FindingRecord(
              DisputeKind.STEP_LIST,
              withheld.step(),
              withheld.stepRoot().toHexString(),
              List.of(),
              Optional.empty(),
              List.of(),
              Optional.empty(),
              false,
              withheld.reason());
    };
  }

  /** The finding again, to send its dispute. */
  public Finding toFinding() {
    return switch (kind) {
      case FRAUD ->
          new Finding.Fraud(
              step,
              Bytes32.fromHexString(beforeStateHash.orElseThrow()),
              proofOf(beforeProof),
              Bytes32.fromHexString(stateHash),
              proofOf(proof),
              Bytes32.fromHexString(challengerStateHash.orElseThrow()),
              selfEvident);
      case AVAILABILITY ->
          new Finding.Unavailable(step, Bytes32.fromHexString(stateHash), proofOf(proof), reason);
      case STEP_LIST ->
          new Finding.StepListWithheld(step, Bytes32.fromHexString(stateHash), reason);
    };
  }

  private static List<String> hex(MerkleProof proof) {
    return proof.siblings().stream().map(Bytes32::toHexString).toList();
  }

  private static MerkleProof proofOf(List<String> hex) {
    return new MerkleProof(hex.stream().map(Bytes32::fromHexString).toList());
  }
}
