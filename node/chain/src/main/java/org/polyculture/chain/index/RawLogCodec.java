package org.polyculture.chain.index;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * A log stored by position (key: block number and log index) with everything needed to decode it
 * again: address, block and transaction hashes, topics, data.
 */
final class RawLogCodec {

  private static final int ADDRESS = 20;
  private static final int HASH = 32;

  private RawLogCodec() {}

  static Bytes key(Log log) {
    return Bytes.concatenate(
        Bytes.ofUnsignedLong(log.getBlockNumber().longValueExact()),
        Bytes.ofUnsignedInt(log.getLogIndex().longValueExact()));
  }

  static Bytes encode(Log log) {
    List<Bytes> parts = new ArrayList<>();
    parts.add(Bytes.fromHexString(log.getAddress()));
    parts.add(Bytes.fromHexString(log.getBlockHash()));
    parts.add(Bytes.fromHexString(log.getTransactionHash()));
    parts.add(Bytes.of(log.getTopics().size()));
    for (String topic : log.getTopics()) {
      parts.add(Bytes.fromHexString(topic));
    }
    parts.add(Bytes.fromHexString(log.getData() == null ? "0x" : log.getData()));
    return Bytes.concatenate(parts.toArray(Bytes[]::new));
  }

  static Log decode(Bytes key, Bytes value) {
    int offset = 0;
    String address = value.slice(offset, ADDRESS).toHexString();
    offset += ADDRESS;
    String blockHash = value.slice(offset, HASH).toHexString();
    offset += HASH;
    String transactionHash = value.slice(offset, HASH).toHexString();
    offset += HASH;
    int topicCount = value.get(offset) & 0xff;
    offset += 1;
    List<String> topics = new ArrayList<>(topicCount);
    for (int i = 0; i < topicCount; i++) {
      topics.add(value.slice(offset, HASH).toHexString());
      offset += HASH;
    }
    String data = value.slice(offset).toHexString();
    Log log = new Log();
    log.setAddress(address);
    log.setBlockHash(blockHash);
    log.setTransactionHash(transactionHash);
    log.setTopics(topics);
    log.setData(data);
    log.setBlockNumber(Numeric.encodeQuantity(BigInteger.valueOf(key.getLong(0))));
    log.setLogIndex(
        Numeric.encodeQuantity(BigInteger.valueOf(key.getInt(Long.BYTES) & 0xffffffffL)));
    return log;
  }
}
