package org.polyculture.governance.proposal;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The calldata of the two actions of a model proposal, {@code token.approve(ledger, budget)} and
 * {@code ledger.createJob(spec)}, and their decoding. The one place that knows the ledger's {@code
 * JobSpec} layout.
 */
public final class JobSpecCodec {

  static final String APPROVE_SELECTOR =
      FunctionEncoder.encode(approveFunction("0x" + "0".repeat(40), BigInteger.ZERO))
          .substring(0, 10);
  static final String CREATE_JOB_SELECTOR =
      FunctionEncoder.encode(
              new Function(
                  TrainingLedger.FUNC_CREATEJOB,
                  List.of(
                      new TrainingLedger.JobSpec(
                          new byte[32],
                          new byte[32],
                          new byte[32],
                          BigInteger.ZERO,
                          BigInteger.ZERO,
                          BigInteger.ZERO,
                          BigInteger.ZERO,
                          BigInteger.ZERO,
                          BigInteger.ZERO)),
                  List.of()))
          .substring(0, 10);

  private JobSpecCodec() {}

  public static Bytes approve(String spender, BigInteger amount) {
    return Bytes.fromHexString(FunctionEncoder.encode(approveFunction(spender, amount)));
  }

  public static Bytes createJob(JobTerms terms) {
    TrainingLedger.JobSpec spec =
        new TrainingLedger.JobSpec(
            terms.modelSpecHash().toArray(),
            terms.datasetRoot().toArray(),
            terms.genesisStateHash().toArray(),
            BigInteger.valueOf(terms.totalSteps()),
            BigInteger.valueOf(terms.segmentLength()),
            terms.rewardPerSegment(),
            terms.minWorkerStake(),
            BigInteger.valueOf(terms.challengeWindowSeconds()),
            BigInteger.valueOf(terms.leaseSeconds()));
    Function function = new Function(TrainingLedger.FUNC_CREATEJOB, List.of(spec), List.of());
    return Bytes.fromHexString(FunctionEncoder.encode(function));
  }

  /** {@code approve(spender, amount)} decoded, if {@code calldata} is one. */
  @SuppressWarnings("rawtypes") // web3j's decoder returns a raw List<Type>
  public static Optional<Approval> decodeApprove(Bytes calldata) {
    String hex = calldata.toHexString();
    if (!hex.startsWith(APPROVE_SELECTOR) || calldata.size() != 4 + 64) {
      return Optional.empty();
    }
    List<Type> decoded =
        FunctionReturnDecoder.decode(
            hex.substring(10),
            List.of(cast(new TypeReference<Address>() {}), cast(new TypeReference<Uint256>() {})));
    Approval approval =
        new Approval((String) decoded.get(0).getValue(), (BigInteger) decoded.get(1).getValue());
    if (!approve(approval.spender(), approval.amount()).equals(calldata)) {
      return Optional.empty();
    }
    return Optional.of(approval);
  }

  /** {@code createJob(spec)} decoded, if {@code calldata} is one. */
  @SuppressWarnings("rawtypes") // web3j's decoder returns a raw List<Type>
  public static Optional<CreateJobCall> decodeCreateJob(Bytes calldata) {
    String hex = calldata.toHexString();
    if (!hex.startsWith(CREATE_JOB_SELECTOR) || calldata.size() != 4 + 9 * 32) {
      return Optional.empty();
    }
    try {
      List<Type> decoded =
          FunctionReturnDecoder.decode(
              hex.substring(10), List.of(cast(new TypeReference<TrainingLedger.JobSpec>() {})));
      if (decoded.size() != 1 || !(decoded.get(0) instanceof TrainingLedger.JobSpec spec)) {
        return Optional.empty();
      }
      Function reencoded = new Function(TrainingLedger.FUNC_CREATEJOB, List.of(spec), List.of());
      if (!FunctionEncoder.encode(reencoded).equalsIgnoreCase(hex)) {
        // Dirty padding: Solidity's decoder would revert on it, so it is not this call.
        return Optional.empty();
      }
      return Optional.of(
          new CreateJobCall(
              Bytes32.wrap(spec.modelSpecHash),
              Bytes32.wrap(spec.datasetRoot),
              Bytes32.wrap(spec.genesisStateHash),
              spec.totalSteps.longValueExact(),
              spec.segmentLength.longValueExact(),
              spec.rewardPerSegment,
              spec.minWorkerStake,
              spec.challengeWindow.longValueExact(),
              spec.leaseDuration.longValueExact()));
    } catch (RuntimeException e) {
      // Hostile calldata that is not a valid encoding (values out of their types' ranges).
      return Optional.empty();
    }
  }

  private static Function approveFunction(String spender, BigInteger amount) {
    return new Function(
        PolycultureToken.FUNC_APPROVE,
        List.of(new Address(spender), new Uint256(amount)),
        List.of());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TypeReference<Type> cast(TypeReference<?> reference) {
    return (TypeReference) reference;
  }

  /** A decoded {@code approve}. */
  public record Approval(String spender, BigInteger amount) {}

  /** A decoded {@code createJob}: what the job will be if the proposal executes. */
  public record CreateJobCall(
      Bytes32 modelSpecHash,
      Bytes32 datasetRoot,
      Bytes32 genesisStateHash,
      long totalSteps,
      long segmentLength,
      BigInteger rewardPerSegment,
      BigInteger minWorkerStake,
      long challengeWindowSeconds,
      long leaseSeconds) {

    public long segments() {
      return segmentLength == 0 ? 0 : totalSteps / segmentLength;
    }

    public BigInteger budget() {
      return rewardPerSegment.multiply(BigInteger.valueOf(segments()));
    }
  }
}
