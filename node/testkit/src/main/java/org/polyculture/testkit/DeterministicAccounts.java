package org.polyculture.testkit;

import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * The accounts Ganache funds when started with {@code --wallet.deterministic}: keys derived from
 * its published test mnemonic along m/44'/60'/0'/0/i. Test keys only; they are public.
 */
public final class DeterministicAccounts {

  /** Ganache's published test mnemonic; it guards nothing. */
  private static final String GANACHE_TEST_MNEMONIC =
      "myth like bonus scare over problem client lizard pioneer submit female collect";

  private static final int HARDENED = Bip32ECKeyPair.HARDENED_BIT;

  private DeterministicAccounts() {}

  public static List<Credentials> derive(int count) {
    Bip32ECKeyPair master =
        Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(GANACHE_TEST_MNEMONIC, ""));
    List<Credentials> accounts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int[] path = {44 | HARDENED, 60 | HARDENED, HARDENED, 0, i};
      accounts.add(Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path)));
    }
    return List.copyOf(accounts);
  }
}
