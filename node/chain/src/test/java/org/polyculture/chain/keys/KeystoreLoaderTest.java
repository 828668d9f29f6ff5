package org.polyculture.chain.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

class KeystoreLoaderTest {

  private static final Credentials KEY =
      Credentials.create("0x4f3edf983ac636a65a842ce7c78d9aa706d3b113bce9c46f30d7d21715b23b1d");
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir static Path directory;
  private static Path keystore;

  @BeforeAll
  static void writeKeystore() throws IOException {
    keystore = KeystoreLoader.write(KEY, PASSWORD, directory.resolve("keys"));
  }

  @Test
  void shouldLoadTheKeyWithThePasswordFromAFile() throws IOException {
    Path passwordFile = Files.writeString(directory.resolve("password"), PASSWORD + "\n");

    KeyLoad load = new KeystoreLoader(Map.of()).load(keystore, Optional.of(passwordFile));

    assertThat(load.isLoaded()).isTrue();
    assertThat(load.credentials().orElseThrow().getAddress()).isEqualTo(KEY.getAddress());
  }

  @Test
  void shouldLoadTheKeyWithThePasswordFromTheEnvironment() {
    KeyLoad load =
        new KeystoreLoader(Map.of(KeystoreLoader.PASSWORD_ENV, PASSWORD))
            .load(keystore, Optional.empty());

    assertThat(load.credentials().orElseThrow().getAddress()).isEqualTo(KEY.getAddress());
  }

  @Test
  void shouldRejectAWrongPasswordWithoutRevealingIt() throws IOException {
    Path passwordFile = Files.writeString(directory.resolve("wrong"), "hunter2");

    KeyLoad load = new KeystoreLoader(Map.of()).load(keystore, Optional.of(passwordFile));

    assertThat(load.reason()).contains(KeyLoad.Reason.WRONG_PASSWORD);
    assertThat(load.message()).doesNotContain("hunter2");
  }

  @Test
  void shouldSayHowToGiveAPasswordWhenThereIsNone() {
    KeyLoad load = new KeystoreLoader(Map.of()).load(keystore, Optional.empty());

    assertThat(load.reason()).contains(KeyLoad.Reason.NO_PASSWORD);
    assertThat(load.message()).contains("--password-file").contains(KeystoreLoader.PASSWORD_ENV);
  }

  @Test
  void shouldRejectAMissingOrInvalidKeystore() throws IOException {
    KeystoreLoader loader = new KeystoreLoader(Map.of(KeystoreLoader.PASSWORD_ENV, PASSWORD));
    Path garbage =
        Files.writeString(directory.resolve("garbage.json"), "{\"not\": \"a keystore\"}");

    assertThat(loader.load(directory.resolve("absent.json"), Optional.empty()).reason())
        .contains(KeyLoad.Reason.KEYSTORE_MISSING);
    assertThat(loader.load(garbage, Optional.empty()).reason())
        .contains(KeyLoad.Reason.KEYSTORE_INVALID);
  }
}
