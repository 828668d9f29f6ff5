package org.polyculture.app.devnet;

import java.nio.file.Path;
import java.util.Locale;
import org.web3j.crypto.Credentials;

/**
 * One account of the devnet: its label, its key and the keystore file a node process reads it from.
 * {@link #toString()} shows no key.
 */
public record DevnetAccount(String label, Credentials key, Path keystore) {

  public String address() {
    return key.getAddress().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "DevnetAccount[" + label + ", " + address() + "]";
  }
}
