package org.polyculture.app.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Appends one JSON line per step: {@code {"step":t,"loss":…,"stateHash":"0x…"}}, where the hash is
 * the state hash after step {@code t} (the state whose step counter is {@code t + 1}).
 */
final class StepLog implements AutoCloseable {

  private final ObjectWriter json;
  private final BufferedWriter writer;

  StepLog(Path path, ObjectMapper json) {
    // One object per line: never indented.
    this.json = json.writer().without(SerializationFeature.INDENT_OUTPUT);
    try {
      this.writer =
          Files.newBufferedWriter(
              path,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void append(long step, float loss, Bytes32 stateHash) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("step", step);
    line.put("loss", loss);
    line.put("stateHash", stateHash.toHexString());
    try {
      writer.write(json.writeValueAsString(line));
      writer.newLine();
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
