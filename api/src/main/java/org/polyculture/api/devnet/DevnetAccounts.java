package org.polyculture.api.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;

/**
 * The devnet's demo accounts, which let someone without a wallet act as a token holder on a local
 * chain. Read from a JSON file the devnet writes: {@code {"accounts": [{"label": "alice",
 * "privateKey": "0x..."}]}}. Only {@code polyculture api --devnet-accounts} reads it, and only when
 * listening on loopback; keys never appear in logs or answers.
 */
public final class DevnetAccounts {

  public static final int MAX_ACCOUNTS = 32;
  private static final long MAX_FILE_BYTES = 64 * 1024;
  private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final Pattern KEY = Pattern.compile("0x[0-9a-fA-F]{64}");

  private final List<Account> accounts;

  public DevnetAccounts(List<Account> accounts) {
    this.accounts = List.copyOf(accounts);
  }

  /** Reads the file; the message of a failure never contains a key. */
  public static DevnetAccounts read(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException("the devnet accounts file is larger than " + MAX_FILE_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new IOException("the devnet accounts file is not JSON");
    }
    JsonNode list = root == null ? null : root.get("accounts");
    if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_ACCOUNTS) {
      throw new IOException(
          "the devnet accounts file needs an \"accounts\" array of 1 to "
              + MAX_ACCOUNTS
              + " entries");
    }
    List<Account> accounts = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String label = entry.path("label").asText("");
      String key = entry.path("privateKey").asText("");
      if (!LABEL.matcher(label).matches()) {
        throw new IOException(
            "account " + i + ": the label must be 1-32 lowercase letters, digits or dashes");
      }
      if (!KEY.matcher(key).matches()) {
        throw new IOException(
            "account " + i + " (" + label + "): the private key is not 32 bytes of hex");
      }
      accounts.add(new Account(label, Credentials.create(key)));
    }
    return new DevnetAccounts(accounts);
  }

  public List<Account> accounts() {
    return accounts;
  }

  public Optional<Account> byAddress(String address) {
    String wanted = address.toLowerCase(Locale.ROOT);
    return accounts.stream().filter(a -> a.address().equals(wanted)).findFirst();
  }

  /** A demo account: its label and key. {@link #toString()} shows no key. */
  public record Account(String label, Credentials key) {
    public String address() {
      return key.getAddress().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
      return "Account[" + label + ", " + address() + "]";
    }
  }
}
