package org.polyculture.chain.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * Keystore files a node is pointed at may be damaged or crafted: key-derivation parameters that ask
 * for a terabyte of memory or a year of hashing, mangled JSON. Loading ends in a {@link KeyLoad}
 * with a reason, quickly, and never in an exception or an exhausted heap.
 */
class KeystoreHostileTest {

  private static final Credentials KEY =
      Credentials.create("0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f");
  private static final String PASSWORD = "correct horse";

  @TempDir static Path directory;
  private static String keystoreJson;
  private static Path passwordFile;

  @BeforeAll
  static void writeKeystore() throws IOException {
    Path keystore = KeystoreLoader.write(KEY, PASSWORD, directory.resolve("keys"));
    keystoreJson = Files.readString(keystore);
    passwordFile = Files.writeString(directory.resolve("password"), PASSWORD);
  }

  private static KeyLoad load(String json) throws IOException {
    Path file = Files.createTempFile(directory, "keystore", ".json");
    Files.writeString(file, json);
    return new KeystoreLoader(Map.of()).load(file, Optional.of(passwordFile));
  }

  @Test
  void shouldRefuseKeyDerivationParametersThatWouldExhaustTheNode() {
    String scrypt = keystoreJson.replaceAll("\"n\"\\s*:\\s*\\d+", "\"n\":%s");
    List<String> hostile =
        List.of(
            scrypt.formatted("1073741824"),
            scrypt.formatted("2147483648"),
            scrypt.formatted("0"),
            scrypt.formatted("3"),
            keystoreJson.replaceAll("\"r\"\\s*:\\s*\\d+", "\"r\":1000000"),
            keystoreJson.replaceAll("\"p\"\\s*:\\s*\\d+", "\"p\":1000000"),
            keystoreJson.replaceAll("\"dklen\"\\s*:\\s*\\d+", "\"dklen\":2000000000"),
            keystoreJson
                .replace("\"scrypt\"", "\"pbkdf2\"")
                .replaceAll(
                    "\"kdfparams\"\\s*:\\s*\\{[^}]*}",
                    "\"kdfparams\":{\"c\":2000000000,\"dklen\":32,\"prf\":\"hmac-sha256\","
                        + "\"salt\":\"00\"}"));
    for (String json : hostile) {
      KeyLoad load = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> load(json), json);

      assertThat(load.isLoaded()).as(json).isFalse();
      assertThat(load.message()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void shouldRefuseAKeystoreThatNamesNoAddressSinceADamagedIvWouldGoUnnoticed() throws IOException {
    // Found by the property below: a renamed "address" key plus one changed IV byte loaded a
    // different private key, because the MAC does not cover the IV.
    String unnamed = keystoreJson.replace("\"address\"", "\"a0dress\"");
    assertThat(unnamed).isNotEqualTo(keystoreJson);

    KeyLoad load = load(unnamed);

    assertThat(load.isLoaded()).isFalse();
    assertThat(load.reason()).contains(KeyLoad.Reason.KEYSTORE_INVALID);
    assertThat(load.message()).contains("names no address");
  }

  @Test
  void shouldLoadOrRefuseEveryMangledKeystoreWithAReason() throws IOException {
    assertThat(load(keystoreJson).isLoaded()).isTrue();
    byte[] original = keystoreJson.getBytes(StandardCharsets.UTF_8);
    qt().withExamples(150)
        .forAll(
            lists().of(integers().between(0, original.length - 1)).ofSizeBetween(1, 4),
            integers().between(0, 255))
        .checkAssert(
            (positions, value) -> {
              byte[] mutated = original.clone();
              positions.forEach(position -> mutated[position] = (byte) value.intValue());
              KeyLoad load =
                  assertTimeoutPreemptively(
                      Duration.ofSeconds(20),
                      () -> load(new String(mutated, StandardCharsets.ISO_8859_1)));
              if (load.isLoaded()) {
                assertThat(load.credentials().orElseThrow().getAddress())
                    .isEqualTo(KEY.getAddress());
              } else {
                assertThat(load.message()).isNotBlank().doesNotContain(PASSWORD);
              }
            });
  }
}
