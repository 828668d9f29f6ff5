package org.polyculture.governance.proposal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.polyculture.engine.model.ModelConfig;

/**
 * The description of a model proposal: Markdown a person reads in any Governor UI (title, summary,
 * model, dataset, training, budget), then a fenced block tagged {@value #FENCE} with what the
 * actions cannot say (name, community, summary, named configuration, dataset size), then, when the
 * proposer is known, OpenZeppelin's {@code #proposer=0x...} suffix. The text is a function of that
 * block and the createJob action, so a reader can re-render it from the actions and compare ({@link
 * ProposalConsistency}); {@link #parse} reads the block back from any description, trusting
 * nothing.
 */
public final class ProposalDescription {

  public static final String FENCE = "polyculture-model-proposal";

  /** Descriptions longer than this are not parsed for metadata. */
  public static final int MAX_PARSED_LENGTH = 64 * 1024;

  private static final String OPEN = "```" + FENCE + "\n";
  private static final String CLOSE = "\n```";
  private static final Pattern PROPOSER_SUFFIX = Pattern.compile("\n\n#proposer=(0x[0-9a-f]{40})$");
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(4)
                          .maxStringLength(4_096)
                          .build())
                  .build())
          .build();

  private ProposalDescription() {}

  /** The description of a proposal with this metadata and these job terms. */
  public static String render(ModelMetadata metadata, JobTerms terms, Optional<String> proposer) {
    ModelConfig config = terms.modelSpec().config();
    StringBuilder text = new StringBuilder();
    text.append("# Train ").append(metadata.name()).append(" for ").append(metadata.community());
    text.append("\n\n");
    if (!metadata.summary().isEmpty()) {
      text.append(metadata.summary()).append("\n\n");
    }
    text.append("- Model: ")
        .append(metadata.configName().orElse("custom"))
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
        .append(grouped(config.parameterCount()))
        .append(" parameters; numerics spec v")
        .append(terms.modelSpec().numericsSpecVersion())
        .append(")\n");
    text.append("- Dataset: ")
        .append(terms.datasetRoot().toHexString())
        .append(" (")
        .append(grouped(metadata.datasetBytes()))
        .append(" bytes), served at ")
        .append(String.join(", ", terms.datasetLocations()))
        .append("\n");
    text.append("- Training: ")
        .append(grouped(terms.totalSteps()))
        .append(" steps in ")
        .append(grouped(terms.segments()))
        .append(" segments of ")
        .append(grouped(terms.segmentLength()))
        .append(" steps, seed ")
        .append(Long.toUnsignedString(terms.seed()))
        .append("\n");
    text.append("- Budget: ")
        .append(tokens(terms.budget()))
        .append(" POLY from the treasury (")
        .append(tokens(terms.rewardPerSegment()))
        .append(" POLY per segment)\n\n");
    text.append(OPEN).append(json(metadata)).append(CLOSE);
    proposer.ifPresent(p -> text.append("\n\n#proposer=").append(p.toLowerCase(Locale.ROOT)));
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

  /** The address in OpenZeppelin's {@code #proposer=} suffix, if the description ends with one. */
  public static Optional<String> proposer(String description) {
    Matcher matcher = PROPOSER_SUFFIX.matcher(description);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  /** Whole tokens with up to 4 decimals, from base units (18 decimals). */
  public static String tokens(BigInteger baseUnits) {
    return new BigDecimal(baseUnits, 18)
        .setScale(4, RoundingMode.DOWN)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String grouped(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  private static String json(ModelMetadata metadata) {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", ModelMetadata.VERSION);
    node.put("name", metadata.name());
    node.put("community", metadata.community());
    node.put("summary", metadata.summary());
    metadata.configName().ifPresent(name -> node.put("configName", name));
    node.put("datasetBytes", metadata.datasetBytes());
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
    String summary = text(node, "summary");
    if (name.isEmpty()
        || name.length() > ModelProposal.MAX_NAME_LENGTH
        || !ModelProposal.COMMUNITY.matcher(community).matches()
        || summary.length() > ModelProposal.MAX_SUMMARY_LENGTH) {
      return Optional.empty();
    }
    Optional<String> configName = Optional.empty();
    if (node.has("configName")) {
      String configNameText = text(node, "configName");
      if (configNameText.isEmpty() || configNameText.length() > 32) {
        return Optional.empty();
      }
      configName = Optional.of(configNameText);
    }
    JsonNode bytes = node.path("datasetBytes");
    if (!bytes.isIntegralNumber() || !bytes.canConvertToLong() || bytes.asLong() < 1) {
      return Optional.empty();
    }
    return Optional.of(new ModelMetadata(name, community, summary, configName, bytes.asLong()));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    return value.asText();
  }
}
