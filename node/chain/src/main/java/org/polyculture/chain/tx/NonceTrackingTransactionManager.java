package org.polyculture.chain.tx;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.polyculture.contracts.ContractErrors;
import org.polyculture.contracts.ContractRevertedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthGetCode;
import org.web3j.protocol.core.methods.response.EthGetTransactionCount;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.EthTransaction;
import org.web3j.tx.TransactionManager;
import org.web3j.utils.Numeric;

/**
 * Signs and sends the transactions of one key, keeping the key's nonce in memory so that many
 * transactions can be in flight at once (one instance per key per process: two would hand out the
 * same nonces). Sending is serialized per key so nonces reach the node in order; waiting for
 * receipts is not. A transport failure retries the same signed transaction (same hash, so it cannot
 * be applied twice). When the node says the nonce is stale (another sender used the key, or the
 * chain was rolled back) the nonce is read again from the chain and the transaction re-signed.
 *
 * <p>The key never leaves this object and is never logged; only the address is.
 */
public final class NonceTrackingTransactionManager extends TransactionManager {

  private static final Logger LOG = LoggerFactory.getLogger(NonceTrackingTransactionManager.class);
  private static final int STALE_NONCE_RETRIES = 3;

  private final Web3j web3j;
  private final Credentials credentials;
  private final long chainId;
  private final RetryPolicy retry;
  private final ReentrantLock sendLock = new ReentrantLock();
  private BigInteger nextNonce;

  public NonceTrackingTransactionManager(
      Web3j web3j, Credentials credentials, long chainId, TransactionSettings settings) {
    this(web3j, credentials, chainId, settings, RetryPolicy.Sleeper.REAL);
  }

  public NonceTrackingTransactionManager(
      Web3j web3j,
      Credentials credentials,
      long chainId,
      TransactionSettings settings,
      RetryPolicy.Sleeper sleeper) {
    this(web3j, credentials, chainId, new RetryPolicy(settings, sleeper), settings, sleeper);
  }

  private NonceTrackingTransactionManager(
      Web3j web3j,
      Credentials credentials,
      long chainId,
      RetryPolicy retry,
      TransactionSettings settings,
      RetryPolicy.Sleeper sleeper) {
    super(new ReceiptPoller(web3j, settings, retry, sleeper), credentials.getAddress());
    this.web3j = web3j;
    this.credentials = credentials;
    this.chainId = chainId;
    this.retry = retry;
  }

  public long chainId() {
    return chainId;
  }

  /** Forgets the tracked nonce; the next transaction reads it from the chain. */
  public void resync() {
    sendLock.lock();
    try {
      nextNonce = null;
    } finally {
      sendLock.unlock();
    }
  }

  @Override
  public EthSendTransaction sendEIP1559Transaction(
      long txChainId,
      BigInteger maxPriorityFeePerGas,
      BigInteger maxFeePerGas,
      BigInteger gasLimit,
      String to,
      String data,
      BigInteger value,
      boolean constructor)
      throws IOException {
    return sendSigned(
        nonce ->
            RawTransaction.createTransaction(
                txChainId, nonce, gasLimit, to, value, data, maxPriorityFeePerGas, maxFeePerGas));
  }

  @Override
  public EthSendTransaction sendTransaction(
      BigInteger gasPrice,
      BigInteger gasLimit,
      String to,
      String data,
      BigInteger value,
      boolean constructor)
      throws IOException {
    return sendSigned(
        nonce -> RawTransaction.createTransaction(nonce, gasPrice, gasLimit, to, value, data));
  }

  @Override
  public String sendCall(String to, String data, DefaultBlockParameter block) throws IOException {
    EthCall call =
        retry.call(
            "eth_call",
            () ->
                web3j
                    .ethCall(
                        Transaction.createEthCallTransaction(getFromAddress(), to, data), block)
                    .send());
    if (call.hasError()) {
      throw new ContractRevertedException(
          "call to " + to, ContractErrors.revertData(call.getError()).orElse("0x"));
    }
    if (call.isReverted()) {
      throw new ContractRevertedException(
          "call to " + to, call.getValue() == null ? "0x" : call.getValue());
    }
    return call.getValue();
  }

  @Override
  public EthGetCode getCode(String contractAddress, DefaultBlockParameter block)
      throws IOException {
    return retry.call("eth_getCode", () -> web3j.ethGetCode(contractAddress, block).send());
  }

  private EthSendTransaction sendSigned(Signer signer) throws IOException {
    sendLock.lock();
    try {
      for (int attempt = 0; ; attempt++) {
        BigInteger nonce = nonce();
        String signed = sign(signer.transaction(nonce));
        String hash = Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(signed)));
        EthSendTransaction response =
            retry.call("eth_sendRawTransaction", () -> web3j.ethSendRawTransaction(signed).send());
        if (!response.hasError()) {
          nextNonce = nonce.add(BigInteger.ONE);
          LOG.debug("sent {} from {} with nonce {}", hash, getFromAddress(), nonce);
          return response;
        }
        if (isKnown(hash)) {
          // A send whose response was lost and was retried: the node already has this exact
          // transaction (in its pool or mined), whatever it now says about the nonce.
          nextNonce = nonce.add(BigInteger.ONE);
          response.setError(null);
          response.setResult(hash);
          return response;
        }
        String message = response.getError().getMessage().toLowerCase(Locale.ROOT);
        nextNonce = null;
        if (isStaleNonce(message) && attempt < STALE_NONCE_RETRIES) {
          LOG.warn(
              "nonce {} of {} was stale ({}); reading it from the chain again",
              nonce,
              getFromAddress(),
              message);
          continue;
        }
        return response;
      }
    } finally {
      sendLock.unlock();
    }
  }

  private boolean isKnown(String hash) throws IOException {
    EthTransaction known =
        retry.call("eth_getTransactionByHash", () -> web3j.ethGetTransactionByHash(hash).send());
    return !known.hasError() && known.getTransaction().isPresent();
  }

  private BigInteger nonce() throws IOException {
    if (nextNonce == null) {
      EthGetTransactionCount count =
          retry.call(
              "eth_getTransactionCount",
              () ->
                  web3j
                      .ethGetTransactionCount(getFromAddress(), DefaultBlockParameterName.PENDING)
                      .send());
      if (count.hasError()) {
        throw new IOException("eth_getTransactionCount failed: " + count.getError().getMessage());
      }
      nextNonce = count.getTransactionCount();
    }
    return nextNonce;
  }

  private String sign(RawTransaction transaction) {
    byte[] signed =
        transaction.getTransaction().getType().isLegacy()
            ? TransactionEncoder.signMessage(transaction, chainId, credentials)
            : TransactionEncoder.signMessage(transaction, credentials);
    return Numeric.toHexString(signed);
  }

  private static boolean isStaleNonce(String message) {
    return message.contains("nonce too low")
        || message.contains("nonce is too low")
        || message.contains("replacement transaction underpriced")
        || message.contains("already imported")
        || message.contains("incorrect nonce")
        || message.contains("correct nonce");
  }

  /** Builds the transaction for a nonce. */
  @FunctionalInterface
  private interface Signer {
    RawTransaction transaction(BigInteger nonce);
  }
}
