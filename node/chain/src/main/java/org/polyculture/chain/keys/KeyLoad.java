package org.polyculture.chain.keys;

import java.util.Optional;
import org.web3j.crypto.Credentials;

/** The outcome of loading a key: the credentials, or the reason and a message for the user. */
public record KeyLoad(Optional<Credentials> credentials, Optional<Reason> reason, String message) {

  /** Why a key could not be loaded. */
  public enum Reason {
    NO_PASSWORD,
    PASSWORD_UNREADABLE,
    KEYSTORE_MISSING,
    KEYSTORE_INVALID,
    WRONG_PASSWORD
  }

  static KeyLoad loaded(Credentials credentials) {
    return new KeyLoad(
        Optional.of(credentials), Optional.empty(), "loaded key " + credentials.getAddress());
  }

  static KeyLoad failed(Reason reason, String message) {
    return new KeyLoad(Optional.empty(), Optional.of(reason), message);
  }

  public boolean isLoaded() {
    return credentials.isPresent();
  }

  /** The message deliberately never contains the password or key material. */
  @Override
  public String toString() {
    return message;
  }
}
