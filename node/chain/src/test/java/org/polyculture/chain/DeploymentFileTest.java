package org.polyculture.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentFileTest {

  private static final String A = "0x" + "a".repeat(40);
  private static final String B = "0x" + "B".repeat(40);

  private static final ChainDeployment DEPLOYMENT = new ChainDeployment(31337, 7, A, B, A, B, A, B);

  @Test
  void shouldRoundTripADeploymentWithLowercaseAddresses(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("nested/deployment.json");

    DeploymentFile.write(file, DEPLOYMENT);
    ChainDeployment read = DeploymentFile.read(file);

    assertThat(read).isEqualTo(DEPLOYMENT);
    assertThat(read.timelock()).isEqualTo("0x" + "b".repeat(40));
    assertThat(Files.readString(file)).contains("\"version\" : 1");
  }

  @Test
  void shouldRejectMalformedFiles(@TempDir Path directory) throws Exception {
    String valid =
        """
        {"version": 1, "chainId": 5, "deployBlock": 3, "contracts": {"token": "%s", "timelock": "%s",
         "governor": "%s", "staking": "%s", "ledger": "%s", "disputes": "%s"}}"""
            .formatted(A, A, A, A, A, A);
    assertThat(readString(directory, valid)).isEqualTo(new ChainDeployment(5, 3, A, A, A, A, A, A));

    for (String bad :
        java.util.List.of(
            "not json",
            "[1, 2]",
            valid.replace("\"version\": 1", "\"version\": 2"),
            valid.replace("\"chainId\": 5", "\"chainId\": -5"),
            valid.replace("\"chainId\": 5", "\"chainId\": \"5\""),
            valid.replace("\"deployBlock\": 3", "\"deployBlock\": 3.5"),
            valid.replaceFirst(A, "0x1234"),
            valid.replace("\"disputes\"", "\"other\""),
            valid + " trailing")) {
      assertThatThrownBy(() -> readString(directory, bad))
          .as(bad)
          .isInstanceOf(DeploymentFile.InvalidDeploymentFileException.class);
    }
  }

  @Test
  void shouldRefuseAFileTooLargeToBeADeployment(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("huge.json");
    Files.writeString(file, " ".repeat(100_000));

    assertThatThrownBy(() -> DeploymentFile.read(file))
        .isInstanceOf(DeploymentFile.InvalidDeploymentFileException.class);
  }

  private static ChainDeployment readString(Path directory, String content) throws Exception {
    Path file = Files.createTempFile(directory, "deployment", ".json");
    Files.writeString(file, content);
    return DeploymentFile.read(file);
  }
}
