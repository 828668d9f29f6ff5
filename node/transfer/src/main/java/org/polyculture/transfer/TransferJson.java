package org.polyculture.transfer;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The JSON bodies of the transfer API (docs/transfer.md): a state's chunk tree and a segment's
 * steps. Reading is strict, because the bytes come from peers: exactly the documented members, no
 * duplicates, no trailing content, no strings for numbers, hashes as {@code 0x} and 64 lowercase
 * hex digits, bounded nesting and string lengths. Anything else is {@link
 * TransferException.Reason#MALFORMED}; the meaning (does the tree hash to what was asked?) is
 * checked by the caller.
 */
public final class TransferJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxStringLength(128)
                          .maxNumberLength(80)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private TransferJson() {}

  /** {@code {"length": n, "chunkSize": 1048576, "leaves": ["0x…", …]}}. */
  public static byte[] writeTree(ChunkTree tree) {
    List<String> leaves = tree.leaves().stream().map(Bytes32::toHexString).toList();
    return write(new TreeDocument(tree.length(), ChunkTree.CHUNK_SIZE, leaves));
  }

  /**
   * Parses a tree. Its shape (chunk size, leaf count for the length) is checked here; whether it
   * hashes to the requested state is the caller's check.
   */
  public static ChunkTree readTree(byte[] json, URI peer) throws TransferException {
    TreeDocument document = read(json, TreeDocument.class, peer);
    if (document.leaves() == null) {
      throw malformed(peer, "the tree has no leaves");
    }
    if (document.chunkSize() != ChunkTree.CHUNK_SIZE) {
      throw new TransferException(
          TransferException.Reason.TREE_MISMATCH,
          peer,
          "chunk size " + document.chunkSize() + ", the protocol's is " + ChunkTree.CHUNK_SIZE);
    }
    if (document.length() < 0
        || document.leaves().size() != ChunkTree.chunkCount(document.length())) {
      throw new TransferException(
          TransferException.Reason.TREE_MISMATCH,
          peer,
          document.leaves().size() + " leaves for a state of " + document.length() + " bytes");
    }
    List<Bytes32> leaves = new ArrayList<>(document.leaves().size());
    for (String leaf : document.leaves()) {
      leaves.add(hash(leaf, "leaf", peer));
    }
    return new ChunkTree(document.length(), leaves);
  }

  /** {@code {"jobId": "…", "segment": i, "firstStep": t, "steps": [{step, stateHash, loss}]}}. */
  public static byte[] writeSteps(SegmentSteps steps) {
    List<StepDocument> documents = new ArrayList<>(steps.length());
    for (int k = 0; k < steps.length(); k++) {
      documents.add(
          new StepDocument(
              steps.firstStep() + k,
              steps.stateHashes().get(k).toHexString(),
              steps.losses().get(k).orElse(null)));
    }
    return write(
        new StepsDocument(steps.jobId().toString(), steps.segment(), steps.firstStep(), documents));
  }

  /** Parses a segment's steps: each step in order from {@code firstStep}, each with a hash. */
  public static SegmentSteps readSteps(byte[] json, URI peer) throws TransferException {
    StepsDocument document = read(json, StepsDocument.class, peer);
    if (!TransferApi.isDecimal(document.jobId())) {
      throw malformed(peer, "jobId must be a decimal string");
    }
    if (document.steps() == null || document.steps().isEmpty()) {
      throw malformed(peer, "a segment has at least one step");
    }
    if (document.segment() < 0 || document.firstStep() < 0) {
      throw malformed(peer, "segment and firstStep must not be negative");
    }
    List<Bytes32> hashes = new ArrayList<>(document.steps().size());
    List<Optional<Float>> losses = new ArrayList<>(document.steps().size());
    for (int k = 0; k < document.steps().size(); k++) {
      StepDocument step = document.steps().get(k);
      if (step == null || step.step() != document.firstStep() + k) {
        throw malformed(peer, "step " + k + " of the list is not step firstStep + " + k);
      }
      hashes.add(hash(step.stateHash(), "stateHash", peer));
      losses.add(Optional.ofNullable(step.loss()).filter(Float::isFinite));
    }
    return new SegmentSteps(
        new BigInteger(document.jobId()), document.segment(), document.firstStep(), hashes, losses);
  }

  /** Any value as compact JSON (status and error bodies). */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass(), e);
    }
  }

  private static <T> T read(byte[] json, Class<T> type, URI peer) throws TransferException {
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw malformed(peer, "the body is JSON null");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new TransferException(
          TransferException.Reason.MALFORMED,
          peer,
          "not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new TransferException(
          TransferException.Reason.MALFORMED, peer, "unreadable JSON: " + e.getMessage(), e);
    }
  }

  private static Bytes32 hash(String text, String field, URI peer) throws TransferException {
    if (!TransferApi.isHash(text)) {
      throw malformed(peer, field + " must be 0x and 64 lowercase hex digits");
    }
    return Bytes32.fromHexString(text);
  }

  private static TransferException malformed(URI peer, String message) {
    return new TransferException(TransferException.Reason.MALFORMED, peer, message);
  }

  @JsonPropertyOrder({"length", "chunkSize", "leaves"})
  record TreeDocument(long length, int chunkSize, List<String> leaves) {}

  @JsonPropertyOrder({"jobId", "segment", "firstStep", "steps"})
  record StepsDocument(String jobId, long segment, long firstStep, List<StepDocument> steps) {}

  @JsonPropertyOrder({"step", "stateHash", "loss"})
  record StepDocument(long step, String stateHash, Float loss) {}
}
