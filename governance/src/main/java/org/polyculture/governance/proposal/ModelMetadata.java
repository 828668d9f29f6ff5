package org.polyculture.governance.proposal;

import java.util.Objects;
import java.util.Optional;

/**
 * What a model proposal says about itself that its actions cannot: the model's name, its community,
 * a summary, the named configuration it was chosen as, and the dataset's size. Carried in the
 * description's metadata block; everything else (model spec, seed, dataset, terms) is read from the
 * createJob action itself.
 */
public record ModelMetadata(
    String name, String community, String summary, Optional<String> configName, long datasetBytes) {

  public static final int VERSION = 1;

  public ModelMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(community, "community");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(configName, "configName");
  }

  static ModelMetadata of(ModelProposal proposal) {
    return new ModelMetadata(
        proposal.name(),
        proposal.community(),
        proposal.summary(),
        proposal.configName(),
        proposal.dataset().totalBytes());
  }
}
