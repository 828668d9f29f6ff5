package org.polyculture.api.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.audit.AuditSampler;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;

/**
 * The steps of a committed segment that verifiers audit (docs/protocol.md): {@code
 * AuditSampler.pickOffsets} with the hash of the block right after the commit's block, which is
 * fixed only once that block exists. Block hashes are cached (bounded).
 */
public final class AuditPicks {

  private final Web3j web3j;
  private final int picks;
  private final Map<Long, Bytes32> hashes;

  public AuditPicks(Web3j web3j, int picks, int cachedBlocks) {
    if (picks < 1 || picks > AuditSampler.MAX_PICKS) {
      throw new IllegalArgumentException(
          "audit picks must be in [1, " + AuditSampler.MAX_PICKS + "]");
    }
    this.web3j = web3j;
    this.picks = picks;
    this.hashes =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Bytes32> eldest) {
            return size() > cachedBlocks;
          }
        };
  }

  public int picks() {
    return picks;
  }

  /** The audit of segment {@code segment} (of length {@code length}) committed in {@code block}. */
  public JobViews.Audit audit(BigInteger jobId, long segment, int length, long commitBlock) {
    long randomnessBlock = commitBlock + 1;
    Optional<Bytes32> randomness = blockHash(randomnessBlock);
    int k = Math.min(picks, length);
    List<Long> steps =
        randomness
            .map(
                r ->
                    AuditSampler.pickOffsets(r, jobId.longValueExact(), segment, length, k).stream()
                        .map(offset -> segment * length + offset)
                        .toList())
            .orElse(List.of());
    return new JobViews.Audit(randomnessBlock, randomness.map(Bytes32::toHexString), k, steps);
  }

  private Optional<Bytes32> blockHash(long block) {
    synchronized (hashes) {
      Bytes32 cached = hashes.get(block);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    try {
      EthBlock response =
          web3j
              .ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false)
              .send();
      if (response.hasError() || response.getBlock() == null) {
        return Optional.empty();
      }
      Bytes32 hash = Bytes32.fromHexString(response.getBlock().getHash());
      synchronized (hashes) {
        hashes.put(block, hash);
      }
      return Optional.of(hash);
    } catch (IOException e) {
      throw new UncheckedIOException("eth_getBlockByNumber " + block + " failed", e);
    }
  }
}
