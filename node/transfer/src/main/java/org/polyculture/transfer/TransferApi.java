package org.polyculture.transfer;

import java.math.BigInteger;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The paths of the transfer API (docs/transfer.md), shared by the server and the client so that
 * they cannot drift apart. Hashes in paths are {@code 0x} and 64 lowercase hex digits.
 */
public final class TransferApi {

  public static final String HEALTH = "/v1/health";
  public static final String STATUS = "/v1/status";
  public static final String STATE_TREE = "/v1/states/{stateHash}/tree";
  public static final String STATE_CHUNK = "/v1/states/{stateHash}/chunks/{index}";
  public static final String SEGMENT_STEPS = "/v1/jobs/{jobId}/segments/{segment}/steps";
  public static final String DATASET_MANIFEST = "/v1/datasets/{datasetRoot}/manifest";
  public static final String DATASET_SHARD = "/v1/datasets/{datasetRoot}/shards/{sha256}";

  public static final String JSON = "application/json";
  public static final String OCTETS = "application/octet-stream";

  private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,77}");

  private TransferApi() {}

  public static String stateTree(Bytes32 stateHash) {
    return "/v1/states/" + stateHash.toHexString() + "/tree";
  }

  public static String stateChunk(Bytes32 stateHash, int index) {
    return "/v1/states/" + stateHash.toHexString() + "/chunks/" + index;
  }

  public static String segmentSteps(BigInteger jobId, long segment) {
    return "/v1/jobs/" + jobId + "/segments/" + segment + "/steps";
  }

  public static String datasetManifest(Bytes32 datasetRoot) {
    return "/v1/datasets/" + datasetRoot.toHexString() + "/manifest";
  }

  public static String datasetShard(Bytes32 datasetRoot, Bytes32 sha256) {
    return "/v1/datasets/" + datasetRoot.toHexString() + "/shards/" + sha256.toHexString();
  }

  /** Whether {@code text} is a hash as the API writes it. */
  public static boolean isHash(String text) {
    return text != null && HASH.matcher(text).matches();
  }

  /** Whether {@code text} is a non-negative decimal integer without leading zeros. */
  public static boolean isDecimal(String text) {
    return text != null && DECIMAL.matcher(text).matches();
  }
}
