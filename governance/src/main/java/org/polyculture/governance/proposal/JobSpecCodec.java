package org.polyculture.governance.proposal;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.contracts.generated.PolycultureToken;
import org.polyculture.contracts.generated.TrainingLedger;
import org.polyculture.engine.state.DecodeResult;
import org.polyculture.protocol.job.ModelSpec;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * The calldata of the two actions of a model proposal, {@code token.approve(ledger, budget)} and
 * {@code ledger.createJob(spec, modelSpec, jobSeed, datasetManifestHash, datasetLocations)}, and
 * their strict decoding (only calldata this encoder would write decodes: dirty padding, which
 * Solidity's decoder rejects, does not). The one place that knows the ledger's createJob layout.
 */
public final class JobSpecCodec {

  private static final String APPROVE_SELECTOR =
      FunctionEncoder.encode(approveFunction("0x" + "0".repeat(40), BigInteger.ZERO))
          .substring(0, 10);
  private static final String CREATE_JOB_SELECTOR =
      FunctionEncoder.encode(
              createJobFunction(
                  new TrainingLedger.JobSpec(
                      new byte[32],
                      new byte[32],
                      new byte[32],
                      BigInteger.ZERO,
                      BigInteger.ZERO,
                      BigInteger.ZERO,
                      BigInteger.ZERO,
                      BigInteger.ZERO,
                      BigInteger.ZERO),
                  Bytes.EMPTY,
                  0,
                  Bytes32.ZERO,
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
    return Bytes.fromHexString(
        FunctionEncoder.encode(
            createJobFunction(
                spec,
                terms.modelSpec().encode(),
                terms.seed(),
                terms.datasetManifestHash(),
                terms.datasetLocations())));
  }

  /** {@code approve(spender, amount)} decoded, if {@code calldata} is exactly one. */
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
    return approve(approval.spender(), approval.amount()).equals(calldata)
        ? Optional.of(approval)
        : Optional.empty();
  }

  /**
   * {@code createJob(...)} decoded, if {@code calldata} is exactly one whose model spec this node
   * implements.
   */
  @SuppressWarnings("rawtypes") // web3j's decoder returns a raw List<Type>
  public static Optional<JobTerms> decodeCreateJob(Bytes calldata) {
    String hex = calldata.toHexString();
    if (!hex.startsWith(CREATE_JOB_SELECTOR) || calldata.size() > MAX_CREATE_JOB_BYTES) {
      return Optional.empty();
    }
    try {
      List<Type> decoded =
          FunctionReturnDecoder.decode(
              hex.substring(10),
              List.of(
                  cast(new TypeReference<TrainingLedger.JobSpec>() {}),
                  cast(new TypeReference<DynamicBytes>() {}),
                  cast(new TypeReference<Uint64>() {}),
                  cast(new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {}),
                  cast(new TypeReference<DynamicArray<Utf8String>>() {})));
      if (decoded.size() != 5 || !(decoded.get(0) instanceof TrainingLedger.JobSpec spec)) {
        return Optional.empty();
      }
      DecodeResult<ModelSpec> modelSpec =
          ModelSpec.decode(Bytes.wrap((byte[]) decoded.get(1).getValue()));
      if (!modelSpec.isValid()
          || !modelSpec.value().hash().equals(Bytes32.wrap(spec.modelSpecHash))) {
        return Optional.empty();
      }
      List<String> locations =
          ((List<?>) decoded.get(4).getValue())
              .stream().map(value -> ((Utf8String) value).getValue()).toList();
      JobTerms terms =
          new JobTerms(
              modelSpec.value(),
              ((BigInteger) decoded.get(2).getValue()).longValue(),
              Bytes32.wrap(spec.datasetRoot),
              Bytes32.wrap((byte[]) decoded.get(3).getValue()),
              locations,
              Bytes32.wrap(spec.genesisStateHash),
              spec.totalSteps.longValueExact(),
              spec.segmentLength.longValueExact(),
              spec.rewardPerSegment,
              spec.minWorkerStake,
              spec.challengeWindow.longValueExact(),
              spec.leaseDuration.longValueExact());
      // Only the exact encoding: Solidity's decoder rejects dirty padding, so it is no such call.
      return createJob(terms).equals(calldata) ? Optional.of(terms) : Optional.empty();
    } catch (RuntimeException e) {
      // Hostile calldata that is no valid encoding (offsets out of range, bad UTF-8, ...).
      return Optional.empty();
    }
  }

  /** Longer createJob calldata is refused before decoding (the ledger's metadata bounds). */
  static final int MAX_CREATE_JOB_BYTES = 16 * 1024;

  private static Function approveFunction(String spender, BigInteger amount) {
    return new Function(
        PolycultureToken.FUNC_APPROVE,
        List.of(new Address(spender), new Uint256(amount)),
        List.of());
  }

  private static Function createJobFunction(
      TrainingLedger.JobSpec spec,
      Bytes modelSpec,
      long seed,
      Bytes32 manifestHash,
      List<String> locations) {
    return new Function(
        TrainingLedger.FUNC_CREATEJOB,
        List.of(
            spec,
            new DynamicBytes(modelSpec.toArray()),
            new Uint64(new BigInteger(Long.toUnsignedString(seed))),
            new org.web3j.abi.datatypes.generated.Bytes32(manifestHash.toArray()),
            new DynamicArray<>(Utf8String.class, locations.stream().map(Utf8String::new).toList())),
        List.of());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TypeReference<Type> cast(TypeReference<?> reference) {
    return (TypeReference) reference;
  }

  /** A decoded {@code approve}. */
  public record Approval(String spender, BigInteger amount) {}
}
