package org.polyculture.protocol.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.polyculture.engine.model.ModelConfig;
import org.polyculture.engine.model.NamedConfig;
import org.polyculture.engine.state.DecodeError;
import org.polyculture.engine.state.DecodeResult;

class ModelSpecTest {

  private static final ModelConfig NANO = NamedConfig.NANO.config();

  @Test
  void shouldHashToSha256OfTheDomainAndTheEncodingAsTheLedgerChecks() throws Exception {
    ModelSpec spec = ModelSpec.current(NANO);
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update("polyculture.model-spec".getBytes(StandardCharsets.US_ASCII));
    Bytes32 expected = Bytes32.wrap(sha256.digest(spec.encode().toArrayUnsafe()));

    assertThat(spec.encode().size()).isEqualTo(68);
    assertThat(spec.hash()).isEqualTo(expected).isEqualTo(NANO.specHash());
  }

  @Test
  void shouldDecodeWhatItEncodes() {
    ModelSpec spec = ModelSpec.current(NANO.toBuilder().totalSteps(64).warmupSteps(2).build());

    DecodeResult<ModelSpec> decoded = ModelSpec.decode(spec.encode());

    assertThat(decoded.value()).isEqualTo(spec);
  }

  @Test
  void shouldRejectWrongLengthsOtherSpecVersionsAndInvalidConfigs() {
    Bytes valid = ModelSpec.current(NANO).encode();
    Bytes otherVersion = Bytes.concatenate(Bytes.of(2, 0, 0, 0), valid.slice(4));
    Bytes zeroLayers = Bytes.concatenate(valid.slice(0, 12), Bytes.of(0, 0, 0, 0), valid.slice(16));

    assertThat(reason(valid.slice(0, 67))).isEqualTo(DecodeError.Reason.TRUNCATED);
    assertThat(reason(Bytes.concatenate(valid, Bytes.of(0))))
        .isEqualTo(DecodeError.Reason.TRAILING_BYTES);
    assertThat(reason(otherVersion)).isEqualTo(DecodeError.Reason.UNSUPPORTED_SPEC_VERSION);
    assertThat(reason(zeroLayers)).isEqualTo(DecodeError.Reason.INVALID_CONFIG);
  }

  private static DecodeError.Reason reason(Bytes bytes) {
    return ModelSpec.decode(bytes).error().orElseThrow().reason();
  }
}
