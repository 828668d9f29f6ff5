package org.polyculture.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.crypto.Keccak256;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Service;
import org.web3j.utils.Numeric;

/**
 * A chain that exists only as the JSON-RPC answers an indexer asks for: blocks (number, hash,
 * timestamp) and the logs appended to it, served to {@code eth_getLogs} with address and topic
 * filters over block ranges. Every {@code eth_call} answers one uint256 word (the settings, quorum
 * and supply reads the governance indexer makes all return one). It lets the API's real indexers
 * fill a real LMDB store with tens of thousands of events in seconds, where Ganache would take
 * minutes of transactions.
 */
final class SyntheticChain extends Service {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final long CHAIN_ID = 1337;
  static final long GENESIS_TIME = 1_800_000_000L;
  static final long BLOCK_SECONDS = 12;

  private final List<SyntheticLog> logs = new ArrayList<>();
  private final BigInteger callAnswer;
  private long head;
  private int logIndex;

  SyntheticChain(BigInteger callAnswer) {
    super(false);
    this.callAnswer = callAnswer;
  }

  /** Starts the next block; logs appended after this go into it. */
  long nextBlock() {
    head++;
    logIndex = 0;
    return head;
  }

  long head() {
    return head;
  }

  static long timeOf(long block) {
    return GENESIS_TIME + block * BLOCK_SECONDS;
  }

  /** Appends a log of {@code event} to the current block, in transaction {@code transaction}. */
  @SuppressWarnings("rawtypes") // web3j's encoders take raw Types
  void log(String address, Event event, List<Type> indexed, List<Type> data, Bytes32 transaction) {
    List<String> topics = new ArrayList<>();
    topics.add(EventEncoder.encode(event));
    for (Type value : indexed) {
      topics.add("0x" + TypeEncoder.encode(value));
    }
    logs.add(
        new SyntheticLog(
            address.toLowerCase(Locale.ROOT),
            head,
            logIndex++,
            transaction.toHexString(),
            topics,
            "0x" + FunctionEncoder.encodeConstructor(data)));
  }

  int logCount() {
    return logs.size();
  }

  @Override
  protected InputStream performIO(String payload) throws IOException {
    JsonNode request = JSON.readTree(payload);
    ObjectNode response = JSON.createObjectNode();
    response.put("jsonrpc", "2.0");
    response.set("id", request.get("id"));
    JsonNode params = request.get("params");
    switch (request.get("method").asText()) {
      case "eth_chainId" ->
          response.put("result", Numeric.encodeQuantity(BigInteger.valueOf(CHAIN_ID)));
      case "eth_blockNumber" ->
          response.put("result", Numeric.encodeQuantity(BigInteger.valueOf(head)));
      case "eth_getBlockByNumber" -> response.set("result", block(params.get(0).asText()));
      case "eth_getLogs" -> response.set("result", logs(params.get(0)));
      case "eth_call" ->
          response.put("result", Numeric.toHexStringWithPrefixZeroPadded(callAnswer, 64));
      default -> {
        ObjectNode error = response.putObject("error");
        error.put("code", -32601);
        error.put("message", "not served by the synthetic chain");
      }
    }
    return new ByteArrayInputStream(JSON.writeValueAsBytes(response));
  }

  /**
   * Calls with arguments (quorum, past supply at a timepoint) answer the configured amount; calls
   * without (the governor's settings) answer a small number.
   */
  private String call(String data) {
    BigInteger answer = data.length() > 10 ? callAnswer : BigInteger.valueOf(60);
    return Numeric.toHexStringWithPrefixZeroPadded(answer, 64);
  }

  private JsonNode block(String tag) {
    long number = tag.equals("latest") ? head : Numeric.decodeQuantity(tag).longValueExact();
    if (number > head) {
      return JSON.nullNode();
    }
    ObjectNode block = JSON.createObjectNode();
    block.put("number", Numeric.encodeQuantity(BigInteger.valueOf(number)));
    block.put("hash", hash(number).toHexString());
    block.put("parentHash", hash(Math.max(0, number - 1)).toHexString());
    block.put("timestamp", Numeric.encodeQuantity(BigInteger.valueOf(timeOf(number))));
    block.put("baseFeePerGas", "0x1");
    block.putArray("transactions");
    block.putArray("uncles");
    return block;
  }

  private JsonNode logs(JsonNode filter) {
    long from = Numeric.decodeQuantity(filter.get("fromBlock").asText()).longValueExact();
    long to = Numeric.decodeQuantity(filter.get("toBlock").asText()).longValueExact();
    Set<String> addresses = new HashSet<>();
    JsonNode address = filter.get("address");
    if (address != null && address.isArray()) {
      address.forEach(a -> addresses.add(a.asText().toLowerCase(Locale.ROOT)));
    } else if (address != null && address.isTextual()) {
      addresses.add(address.asText().toLowerCase(Locale.ROOT));
    }
    Set<String> topic0 = new HashSet<>();
    JsonNode topics = filter.get("topics");
    if (topics != null && topics.isArray() && !topics.isEmpty()) {
      JsonNode first = topics.get(0);
      if (first.isArray()) {
        first.forEach(t -> topic0.add(t.asText().toLowerCase(Locale.ROOT)));
      } else if (first.isTextual()) {
        topic0.add(first.asText().toLowerCase(Locale.ROOT));
      }
    }
    ArrayNode result = JSON.createArrayNode();
    for (SyntheticLog log : logs) {
      if (log.block() < from || log.block() > to) {
        continue;
      }
      if (!addresses.isEmpty() && !addresses.contains(log.address())) {
        continue;
      }
      if (!topic0.isEmpty() && !topic0.contains(log.topics().get(0))) {
        continue;
      }
      ObjectNode entry = result.addObject();
      entry.put("removed", false);
      entry.put("logIndex", Numeric.encodeQuantity(BigInteger.valueOf(log.index())));
      entry.put("transactionIndex", "0x0");
      entry.put("transactionHash", log.transaction());
      entry.put("blockHash", hash(log.block()).toHexString());
      entry.put("blockNumber", Numeric.encodeQuantity(BigInteger.valueOf(log.block())));
      entry.put("address", log.address());
      entry.put("data", log.data());
      ArrayNode topicArray = entry.putArray("topics");
      log.topics().forEach(topicArray::add);
    }
    return result;
  }

  static Bytes32 hash(long block) {
    return Keccak256.hash(Bytes.ofUnsignedLong(block));
  }

  @Override
  public void close() {}

  private record SyntheticLog(
      String address,
      long block,
      int index,
      String transaction,
      List<String> topics,
      String data) {}
}
