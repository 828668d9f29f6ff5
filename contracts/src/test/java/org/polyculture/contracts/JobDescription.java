package org.polyculture.contracts;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.polyculture.contracts.generated.TrainingLedger;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The metadata {@code createJob} takes besides the {@code JobSpec}: a model spec whose SHA-256 the
 * spec's {@code modelSpecHash} must be, the job seed, the dataset manifest hash and where the
 * dataset is served. The model spec here is 68 bytes of the documented shape (u32le version ‖ 64
 * config bytes) with arbitrary config bytes; the ledger checks only its hash and length.
 */
record JobDescription(
    byte[] modelSpec, BigInteger seed, byte[] datasetManifestHash, List<String> locations) {

  static final JobDescription DEFAULT = of("test model", 7);

  /** A description whose config bytes are derived from {@code name}. */
  static JobDescription of(String name, long seed) {
    ByteBuffer spec = ByteBuffer.allocate(68).order(ByteOrder.LITTLE_ENDIAN).putInt(1);
    byte[] config = Hash.sha3((name + " config").getBytes(StandardCharsets.UTF_8));
    spec.put(config).put(config);
    return new JobDescription(
        spec.array(),
        BigInteger.valueOf(seed),
        Hash.sha3((name + " manifest").getBytes(StandardCharsets.UTF_8)),
        List.of("http://127.0.0.1:8545/" + name.replace(' ', '-')));
  }

  /** {@code SHA-256("polyculture.model-spec" ‖ modelSpec)}: what the spec must commit to. */
  byte[] modelSpecHash() {
    return modelSpecHash(modelSpec);
  }

  static byte[] modelSpecHash(byte[] modelSpec) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update("polyculture.model-spec".getBytes(StandardCharsets.US_ASCII));
      return sha256.digest(modelSpec);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  JobDescription withModelSpec(byte[] newSpec) {
    return new JobDescription(newSpec, seed, datasetManifestHash, locations);
  }

  JobDescription withManifestHash(byte[] hash) {
    return new JobDescription(modelSpec, seed, hash, locations);
  }

  JobDescription withLocations(List<String> newLocations) {
    return new JobDescription(modelSpec, seed, datasetManifestHash, newLocations);
  }

  RemoteFunctionCall<TransactionReceipt> createJob(
      TrainingLedger ledger, TrainingLedger.JobSpec spec) {
    return ledger.createJob(spec, modelSpec, seed, datasetManifestHash, locations);
  }

  /** The arguments after the spec, for encoding a governance call. */
  Type<?>[] callArguments(TrainingLedger.JobSpec spec) {
    return new Type<?>[] {
      spec,
      new DynamicBytes(modelSpec),
      new Uint64(seed),
      new Bytes32(datasetManifestHash),
      new DynamicArray<>(Utf8String.class, locations.stream().map(Utf8String::new).toList())
    };
  }
}
