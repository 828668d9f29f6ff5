package org.polyculture.governance.proposal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.model.ModelConfig;

/**
 * The description of a model proposal: Markdown a person reads in any Governor UI (title, summary,
 * the model, the dataset, the cost), then the same facts for machines in a fenced block tagged
 * {@value #FENCE}, then, when the proposer is known, OpenZeppelin's {@code #proposer=0x...} suffix.
 * {@link #parse} reads the block back from any description, trusting nothing: descriptions are
 * written by whoever proposes.
 */
public final class ProposalDescription {

  public static final String FENCE = "polyculture-model-proposal";

  /** Descriptions longer than this are not parsed for metadata (they may be shown truncated). */
  public static final int MAX_PARSED_LENGTH = 64 * 1024;

  private static final String OPEN = "```" + FENCE + "\n";
  private static final String CLOSE = "\n```";
  private static final Pattern HEX32 = Pattern.compile("0x[0-9a-f]{64}");
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxStringLength(4_096)
                          .build())
                  .build())
          .build();

  private ProposalDescription() {}

  /** The description of {@code proposal} with the job {@code terms}. */
  public static String render(ModelProposal proposal, JobTerms terms) {
    ModelMetadata metadata = ModelMetadata.of(proposal);
    ModelConfig config = proposal.config();
    StringBuilder text = new StringBuilder();
    text.append("# Train ").append(proposal.name()).append(" for ").append(proposal.community());
    text.append("\n\n");
    if (!proposal.summary().isEmpty()) {
      text.append(proposal.summary()).append("\n\n");
    }
    text.append("- Model: ")
        .append(proposal.configName().orElse("custom"))
        .append(" (")
        .append(config.layers())
        .append(" layers, width ")
        .append(config.channels())
        .append(", ")
        .append(config.heads())
        .append(" heads, context ")
        .append(config.context())
        .append(", batch ")
        .append(config.batch())
        .append("; ")
        .append(String.format(Locale.ROOT, "%,d", config.parameterCount()))
        .append(" parameters)\n");
    text.append("- Dataset: ")
        .append(proposal.dataset().root().toHexString())
        .append(" (")
        .append(String.format(Locale.ROOT, "%,d", proposal.dataset().totalBytes()))
        .append(" bytes)\n");
    text.append("- Training: ")
        .append(String.format(Locale.ROOT, "%,d", terms.totalSteps()))
        .append(" steps in ")
        .append(String.format(Locale.ROOT, "%,d", terms.segments()))
        .append(" segments of ")
        .append(terms.segmentLength())
        .append(" steps\n");
    text.append("- Budget: ")
        .append(tokens(terms.budget()))
        .append(" POLY from the treasury (")
        .append(tokens(terms.rewardPerSegment()))
        .append(" POLY per segment)\n\n");
    text.append(OPEN).append(json(metadata)).append(CLOSE);
    proposal.proposer().ifPresent(p -> text.append("\n\n#proposer=").append(p));
    return text.toString();
  }

  /** The metadata block of a description, if it has a well-formed one. */
  public static Optional<ModelMetadata> parse(String description) {
    if (description == null || description.length() > MAX_PARSED_LENGTH) {
      return Optional.empty();
    }
    int open = description.indexOf(OPEN);
    if (open < 0) {
      return Optional.empty();
    }
    int start = open + OPEN.length();
    int close = description.indexOf(CLOSE, start);
    if (close < 0) {
      return Optional.empty();
    }
    try {
      return read(JSON.readTree(description.substring(start, close)));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whole tokens with up to 4 decimals, from base units (18 decimals). */
  public static String tokens(BigInteger baseUnits) {
    return new BigDecimal(baseUnits, 18)
        .setScale(4, RoundingMode.DOWN)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String json(ModelMetadata metadata) {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", ModelMetadata.VERSION);
    node.put("name", metadata.name());
    node.put("community", metadata.community());
    node.put("summary", metadata.summary());
    metadata.configName().ifPresent(name -> node.put("configName", name));
    node.put("modelConfig", metadata.modelConfig().toHexString());
    node.put("seed", Long.toUnsignedString(metadata.seed()));
    node.put("datasetRoot", metadata.datasetRoot().toHexString());
    metadata.manifestHash().ifPresent(hash -> node.put("manifestHash", hash.toHexString()));
    node.put("datasetBytes", metadata.datasetBytes());
    ArrayNode locations = node.putArray("datasetLocations");
    metadata.datasetLocations().forEach(location -> locations.add(location.toString()));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metadata always serialises", e);
    }
  }

  private static Optional<ModelMetadata> read(JsonNode node) {
    if (!node.isObject() || node.path("version").asInt(-1) != ModelMetadata.VERSION) {
      return Optional.empty();
    }
    String name = text(node, "name");
    String community = text(node, "community");
    String summary = node.path("summary").isTextual() ? node.get("summary").asText() : "";
    if (name.isEmpty()
        || name.length() > ModelProposal.MAX_NAME_LENGTH
        || !ModelProposal.COMMUNITY.matcher(community).matches()
        || summary.length() > ModelProposal.MAX_SUMMARY_LENGTH) {
      return Optional.empty();
    }
    Optional<String> configName =
        node.path("configName").isTextual()
            ? Optional.of(node.get("configName").asText())
            : Optional.empty();
    Bytes config = Bytes.fromHexString(text(node, "modelConfig"));
    if (config.size() != ModelConfig.CANONICAL_LENGTH) {
      return Optional.empty();
    }
    long seed = Long.parseUnsignedLong(text(node, "seed"));
    String root = text(node, "datasetRoot");
    if (!HEX32.matcher(root).matches()) {
      return Optional.empty();
    }
    Optional<Bytes32> manifestHash = Optional.empty();
    if (node.has("manifestHash")) {
      String hash = text(node, "manifestHash");
      if (!HEX32.matcher(hash).matches()) {
        return Optional.empty();
      }
      manifestHash = Optional.of(Bytes32.fromHexString(hash));
    }
    JsonNode bytes = node.path("datasetBytes");
    if (!bytes.canConvertToExactIntegral() || !bytes.canConvertToLong() || bytes.asLong() < 1) {
      return Optional.empty();
    }
    JsonNode locationsNode = node.path("datasetLocations");
    if (!locationsNode.isArray() || locationsNode.size() > DatasetReference.MAX_LOCATIONS) {
      return Optional.empty();
    }
    List<URI> locations = new ArrayList<>();
    for (JsonNode location : locationsNode) {
      if (!location.isTextual()) {
        return Optional.empty();
      }
      try {
        locations.add(new URI(location.asText()));
      } catch (URISyntaxException e) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new ModelMetadata(
            name,
            community,
            summary,
            configName,
            config,
            seed,
            Bytes32.fromHexString(root),
            manifestHash,
            bytes.asLong(),
            locations));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return value.asText();
  }
}
