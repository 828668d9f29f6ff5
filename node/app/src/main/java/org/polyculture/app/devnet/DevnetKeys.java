package org.polyculture.app.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.polyculture.chain.keys.KeystoreLoader;
import org.polyculture.protocol.crypto.Keccak256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * The devnet's keys: derived deterministically from their labels (so every devnet has the same
 * addresses; they are test keys and guard nothing of value), written as keystores under {@code
 * DIR/keys} with one generated password in {@code DIR/keys/password} (owner-only, never printed or
 * logged), for the node processes to load the way they would on a real network.
 */
public final class DevnetKeys {

  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final String DOMAIN = "polyculture.devnet.key.v1/";
  private static final int PASSWORD_BYTES = 24;

  private final Path directory;
  private final Path passwordFile;
  private final String password;
  private final Map<String, DevnetAccount> accounts = new LinkedHashMap<>();

  private DevnetKeys(Path directory, Path passwordFile, String password) {
    this.directory = directory;
    this.passwordFile = passwordFile;
    this.password = password;
  }

  /** Creates {@code directory} with a fresh password file; it must not hold keys already. */
  public static DevnetKeys create(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path passwordFile = directory.resolve("password");
    byte[] secret = new byte[PASSWORD_BYTES];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    writeOwnerOnly(passwordFile, password.getBytes(StandardCharsets.US_ASCII));
    return new DevnetKeys(directory, passwordFile, password);
  }

  /** The key for {@code label}: keccak256 of the label under the devnet's domain. */
  public static Credentials derive(String label) {
    if (!LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException("not a devnet account label: " + label);
    }
    BigInteger secret =
        Keccak256.hash(Bytes.wrap((DOMAIN + label).getBytes(StandardCharsets.US_ASCII)))
            .toUnsignedBigInteger();
    if (secret.signum() == 0 || secret.compareTo(Sign.CURVE_PARAMS.getN()) >= 0) {
      throw new IllegalStateException("the derived key of " + label + " is out of range");
    }
    return Credentials.create(ECKeyPair.create(secret));
  }

  /** The account {@code label}, its keystore written on first use. */
  public synchronized DevnetAccount account(String label) throws IOException {
    DevnetAccount existing = accounts.get(label);
    if (existing != null) {
      return existing;
    }
    Credentials key = derive(label);
    Path keystore = KeystoreLoader.write(key, password, directory.resolve(label));
    DevnetAccount account = new DevnetAccount(label, key, keystore);
    accounts.put(label, account);
    return account;
  }

  /** The file holding the keystores' password. */
  public Path passwordFile() {
    return passwordFile;
  }

  /** Every account created so far, in creation order. */
  public synchronized List<DevnetAccount> accounts() {
    return List.copyOf(accounts.values());
  }

  /**
   * Writes {@code holders} as the API's demo accounts file ({@code {"accounts": [{"label",
   * "privateKey"}]}}, owner-only): the API lets a visitor act as one of them on the devnet.
   */
  public static void writeDemoAccounts(Path file, List<DevnetAccount> holders) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ArrayNode list = root.putArray("accounts");
    for (DevnetAccount holder : holders) {
      ObjectNode entry = list.addObject();
      entry.put("label", holder.label());
      entry.put(
          "privateKey", "0x" + String.format("%064x", holder.key().getEcKeyPair().getPrivateKey()));
    }
    writeOwnerOnly(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(file + " exists already: the devnet data directory must be fresh", e);
    }
    Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
