package org.polyculture.protocol.merkle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.AbiWords;
import org.polyculture.protocol.crypto.Keccak256;

/**
 * Writes {@code src/test/resources/merkle/step-root-vectors.json}: step roots and proofs for
 * segments of several sizes, for other implementations (the contracts, a verifier in another
 * language) to check themselves against. {@link StepRootVectorsTest} fails when the stored file
 * differs from what this produces. To regenerate after a deliberate protocol change, run that test
 * with {@code -Dpolyculture.vectors.regenerate=true}:
 *
 * <pre>
 * mvn -B -q verify -pl node/protocol -am -Dtest=StepRootVectorsTest \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dpolyculture.vectors.regenerate=true
 * </pre>
 *
 * or run {@link #main} with the output file as its argument.
 */
public final class StepRootVectorsGenerator {

  /** Where the vectors live on the test classpath. */
  public static final String RESOURCE = "/merkle/step-root-vectors.json";

  /** Where they live in the source tree, relative to node/protocol. */
  public static final String SOURCE_FILE = "src/test/resources" + RESOURCE;

  static final Bytes32 STATE_HASH_DOMAIN =
      Keccak256.hash(
          Bytes.wrap("polyculture.step-root-vectors".getBytes(StandardCharsets.US_ASCII)));

  /** Segment sizes and first steps: edge sizes, powers of two and their neighbours, large steps. */
  private static final List<long[]> SEGMENTS =
      List.of(
          new long[] {1, 0},
          new long[] {2, 0},
          new long[] {3, 1_000},
          new long[] {4, 4},
          new long[] {5, 77},
          new long[] {7, (1L << 32) + 5},
          new long[] {8, 123_456_789},
          new long[] {9, 0},
          new long[] {16, 1L << 40},
          new long[] {33, 3_300},
          new long[] {100, Long.MAX_VALUE - 99});

  private StepRootVectorsGenerator() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: StepRootVectorsGenerator OUTPUT_FILE");
      System.exit(2);
    }
    Path output = Path.of(args[0]);
    write(output);
    System.out.println("wrote " + output);
  }

  static void write(Path output) throws IOException {
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, generate(), StandardCharsets.UTF_8);
  }

  /** The state hash of offset {@code i} in the vector of {@code size} steps. */
  static Bytes32 stateHash(int size, int i) {
    return Keccak256.hash(
        AbiWords.encode(STATE_HASH_DOMAIN, AbiWords.uint(size), AbiWords.uint(i)));
  }

  /** The file's content: pretty-printed JSON with '\n' line ends and a final newline. */
  public static String generate() throws JsonProcessingException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put(
        "description",
        "Step roots of segments (docs/state.md, Step commitments). proofs[i] proves leaves[i] with"
            + " OpenZeppelin 5.3 MerkleProof.verify(proof, root, leafHash). Steps are decimal"
            + " strings (uint64).");
    root.put(
        "leaf", "keccak256(bytes.concat(keccak256(abi.encode(uint64 step, bytes32 stateHash))))");
    root.put(
        "node",
        "Hashes.commutativeKeccak256(a, b) (keccak256 of the lower word then the higher); the last"
            + " node of a level with an odd count is promoted unchanged; one leaf is its own root");
    root.put(
        "stateHash",
        "stateHash of offset i in a vector of n steps: keccak256(abi.encode(bytes32"
            + " keccak256(\"polyculture.step-root-vectors\"), uint256 n, uint256 i))");
    ArrayNode vectors = root.putArray("vectors");
    for (long[] segment : SEGMENTS) {
      vectors.add(vector(mapper, (int) segment[0], segment[1]));
    }
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    printer.indentArraysWith(new DefaultIndenter("  ", "\n"));
    return mapper.writer(printer).writeValueAsString(root) + "\n";
  }

  private static ObjectNode vector(ObjectMapper mapper, int size, long firstStep) {
    List<Bytes32> stateHashes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      stateHashes.add(stateHash(size, i));
    }
    StepMerkleTree tree = StepMerkleTree.of(firstStep, stateHashes);
    ObjectNode vector = mapper.createObjectNode();
    vector.put("size", size);
    vector.put("firstStep", Long.toString(firstStep));
    ArrayNode leaves = vector.putArray("leaves");
    for (int i = 0; i < size; i++) {
      ObjectNode leaf = leaves.addObject();
      leaf.put("step", Long.toString(tree.leaf(i).step()));
      leaf.put("stateHash", tree.leaf(i).stateHash().toHexString());
      leaf.put("leafHash", tree.leafHash(i).toHexString());
    }
    vector.put("root", tree.root().toHexString());
    ArrayNode proofs = vector.putArray("proofs");
    for (int i = 0; i < size; i++) {
      ArrayNode proof = proofs.addArray();
      tree.proof(i).siblings().forEach(sibling -> proof.add(sibling.toHexString()));
    }
    return vector;
  }
}
