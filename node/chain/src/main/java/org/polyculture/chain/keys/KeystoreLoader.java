package org.polyculture.chain.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;
import org.web3j.protocol.ObjectMapperFactory;
import org.web3j.utils.Numeric;

/**
 * Loads a node's signing key from an encrypted Web3j/Ethereum keystore file. The password comes
 * from a password file or from the environment variable {@value #PASSWORD_ENV}, never from the
 * command line (which other users of the machine can read) and never into a log.
 */
public final class KeystoreLoader {

  /** Environment variable holding the keystore password when no password file is given. */
  public static final String PASSWORD_ENV = "POLYCULTURE_KEYSTORE_PASSWORD";

  /** Keystore files are small JSON documents; anything larger is not one. */
  static final long MAX_KEYSTORE_BYTES = 64 * 1024;

  static final long MAX_PASSWORD_BYTES = 4 * 1024;

  private final Map<String, String> environment;

  public KeystoreLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** Loads and decrypts the key, or says plainly why it could not. */
  public KeyLoad load(Path keystore, Optional<Path> passwordFile) {
    Optional<String> password;
    try {
      password = password(passwordFile);
    } catch (IOException e) {
      return KeyLoad.failed(
          KeyLoad.Reason.PASSWORD_UNREADABLE,
          "cannot read the password file " + passwordFile.orElseThrow() + ": " + e.getMessage());
    }
    if (password.isEmpty()) {
      return KeyLoad.failed(
          KeyLoad.Reason.NO_PASSWORD,
          "no keystore password: give --password-file FILE or set " + PASSWORD_ENV);
    }
    try {
      if (!Files.isRegularFile(keystore)) {
        return KeyLoad.failed(KeyLoad.Reason.KEYSTORE_MISSING, "no keystore file at " + keystore);
      }
      if (Files.size(keystore) > MAX_KEYSTORE_BYTES) {
        return KeyLoad.failed(
            KeyLoad.Reason.KEYSTORE_INVALID, keystore + " is too large to be a keystore file");
      }
      WalletFile wallet =
          ObjectMapperFactory.getObjectMapper().readValue(keystore.toFile(), WalletFile.class);
      if (!isVersion3Keystore(wallet)) {
        return KeyLoad.failed(
            KeyLoad.Reason.KEYSTORE_INVALID, keystore + " is not a version 3 keystore file");
      }
      if (wallet.getAddress() == null || wallet.getAddress().isBlank()) {
        // Without it a damaged IV would go unnoticed (below); every common tool writes it.
        return KeyLoad.failed(
            KeyLoad.Reason.KEYSTORE_INVALID,
            keystore + " names no address, so the key it decrypts to could not be checked");
      }
      Optional<String> unsafe = KeystoreParameters.problem(wallet.getCrypto());
      if (unsafe.isPresent()) {
        return KeyLoad.failed(KeyLoad.Reason.KEYSTORE_INVALID, keystore + ": " + unsafe.get());
      }
      Credentials credentials = Credentials.create(Wallet.decrypt(password.get(), wallet));
      // The MAC covers the ciphertext but not the IV: a damaged IV decrypts to another key.
      if (!Numeric.cleanHexPrefix(wallet.getAddress())
          .equalsIgnoreCase(Numeric.cleanHexPrefix(credentials.getAddress()))) {
        return KeyLoad.failed(
            KeyLoad.Reason.KEYSTORE_INVALID,
            keystore + " decrypts to another address than the one it names: it is damaged");
      }
      return KeyLoad.loaded(credentials);
    } catch (CipherException e) {
      // The structure was checked above, so a failure to decrypt is the MAC check failing.
      return KeyLoad.failed(
          KeyLoad.Reason.WRONG_PASSWORD, "the password does not decrypt " + keystore);
    } catch (IOException | RuntimeException e) {
      return KeyLoad.failed(
          KeyLoad.Reason.KEYSTORE_INVALID, keystore + " is not a valid keystore file");
    }
  }

  private static boolean isVersion3Keystore(WalletFile wallet) {
    WalletFile.Crypto crypto = wallet.getCrypto();
    return wallet.getVersion() == 3
        && crypto != null
        && "aes-128-ctr".equals(crypto.getCipher())
        && crypto.getCiphertext() != null
        && crypto.getCipherparams() != null
        && crypto.getMac() != null
        && crypto.getKdfparams() != null
        && ("scrypt".equals(crypto.getKdf()) || "pbkdf2".equals(crypto.getKdf()));
  }

  private Optional<String> password(Optional<Path> passwordFile) throws IOException {
    if (passwordFile.isPresent()) {
      Path file = passwordFile.get();
      if (Files.size(file) > MAX_PASSWORD_BYTES) {
        throw new IOException("larger than " + MAX_PASSWORD_BYTES + " bytes");
      }
      String content = Files.readString(file, StandardCharsets.UTF_8);
      // Editors add a final newline; a password never ends with one.
      return Optional.of(content.stripTrailing());
    }
    return Optional.ofNullable(environment.get(PASSWORD_ENV)).filter(p -> !p.isEmpty());
  }

  /** Writes a new keystore for {@code credentials} into {@code directory}; returns its path. */
  public static Path write(Credentials credentials, String password, Path directory)
      throws IOException {
    try {
      Files.createDirectories(directory);
      String name =
          WalletUtils.generateWalletFile(
              password, credentials.getEcKeyPair(), directory.toFile(), false);
      return directory.resolve(name);
    } catch (CipherException e) {
      throw new IOException("cannot encrypt the keystore", e);
    }
  }
}
