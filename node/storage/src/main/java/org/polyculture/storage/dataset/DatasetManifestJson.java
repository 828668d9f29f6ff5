package org.polyculture.storage.dataset;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.protocol.dataset.DatasetManifest;
import org.polyculture.protocol.dataset.ShardEntry;

/**
 * The {@code manifest.json} form of a {@link DatasetManifest} (docs/protocol.md, "Dataset
 * manifest"). Parsing is strict: exactly the documented members, no nulls, no strings or fractions
 * for numbers, no duplicate keys, no trailing content, hashes as {@code 0x} and 64 lowercase hex
 * digits. It checks form only; {@link DatasetReader} checks meaning.
 */
public final class DatasetManifestJson {

  /** Largest manifest file read: about 100,000 shards. */
  public static final int MAX_MANIFEST_BYTES = 16 << 20;

  private static final Pattern HASH = Pattern.compile("0x[0-9a-f]{64}");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxStringLength(128)
                          .maxNumberLength(20)
                          .maxDocumentLength(MAX_MANIFEST_BYTES)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  private static final ObjectReader READER = MAPPER.readerFor(Document.class);

  private static final ObjectWriter WRITER =
      MAPPER.writer(
          new DefaultPrettyPrinter()
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private DatasetManifestJson() {}

  /** A parsed manifest with the hash its file declares (checked by the reader). */
  public record Parsed(DatasetManifest manifest, Bytes32 declaredManifestHash) {}

  /** The file's bytes: UTF-8, pretty-printed with '\n' line ends, ending in a newline. */
  public static byte[] write(DatasetManifest manifest) {
    List<ShardDocument> shards = new ArrayList<>(manifest.shards().size());
    for (ShardEntry shard : manifest.shards()) {
      shards.add(new ShardDocument(shard.index(), shard.size(), shard.sha256().toHexString()));
    }
    Document document =
        new Document(
            manifest.formatVersion(),
            manifest.totalSize(),
            manifest.validationBytes(),
            manifest.root().toHexString(),
            manifest.manifestHash().toHexString(),
            shards);
    try {
      return (WRITER.writeValueAsString(document) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a manifest always serialises", e);
    }
  }

  /**
   * Parses a manifest file's bytes.
   *
   * @param file the file they came from, for messages
   * @throws DatasetException {@code MALFORMED_MANIFEST} or {@code TOO_LARGE}
   */
  public static Parsed parse(byte[] json, Path file) {
    if (json.length > MAX_MANIFEST_BYTES) {
      throw new DatasetException(
          DatasetException.Reason.TOO_LARGE,
          file,
          "manifest has " + json.length + " bytes; at most " + MAX_MANIFEST_BYTES + " are read");
    }
    Document document;
    try {
      document = READER.readValue(json);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      throw malformed(file, "not a valid manifest: " + e.getOriginalMessage() + where, e);
    } catch (IOException e) {
      throw malformed(file, "not a valid manifest: " + e.getMessage(), e);
    }
    if (document == null) {
      throw malformed(file, "the manifest is empty or null", null);
    }
    List<ShardEntry> shards = new ArrayList<>(document.shards().size());
    for (int i = 0; i < document.shards().size(); i++) {
      ShardDocument shard = document.shards().get(i);
      if (shard == null) {
        throw malformed(file, "shard at position " + i + " is null", null);
      }
      shards.add(
          new ShardEntry(
              shard.index(), hash(shard.sha256(), "shards[" + i + "].sha256", file), shard.size()));
    }
    DatasetManifest manifest =
        new DatasetManifest(
            document.formatVersion(),
            shards,
            document.totalSize(),
            document.validationBytes(),
            hash(document.root(), "root", file));
    return new Parsed(manifest, hash(document.manifestHash(), "manifestHash", file));
  }

  private static Bytes32 hash(String text, String field, Path file) {
    if (!HASH.matcher(text).matches()) {
      throw malformed(
          file, field + " must be 0x and 64 lowercase hex digits, not '" + text + "'", null);
    }
    return Bytes32.fromHexString(text);
  }

  private static DatasetException malformed(Path file, String message, Throwable cause) {
    return new DatasetException(DatasetException.Reason.MALFORMED_MANIFEST, file, message, cause);
  }

  @JsonPropertyOrder({
    "formatVersion",
    "totalSize",
    "validationBytes",
    "root",
    "manifestHash",
    "shards"
  })
  record Document(
      int formatVersion,
      long totalSize,
      long validationBytes,
      String root,
      String manifestHash,
      List<ShardDocument> shards) {}

  @JsonPropertyOrder({"index", "size", "sha256"})
  record ShardDocument(int index, long size, String sha256) {}
}
