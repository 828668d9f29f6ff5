package org.polyculture.governance.proposal;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What a model proposal says about itself beyond its actions, carried in its description: the
 * model's name and community, a summary, the named configuration and its canonical bytes, the job
 * seed, and the dataset with where it is served. Readers check it against the actions ({@link
 * ProposalConsistency}) before showing it as fact.
 */
public record ModelMetadata(
    String name,
    String community,
    String summary,
    Optional<String> configName,
    Bytes modelConfig,
    long seed,
    Bytes32 datasetRoot,
    Optional<Bytes32> manifestHash,
    long datasetBytes,
    List<URI> datasetLocations) {

  public static final int VERSION = 1;

  public ModelMetadata {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(community, "community");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(configName, "configName");
    Objects.requireNonNull(modelConfig, "modelConfig");
    Objects.requireNonNull(datasetRoot, "datasetRoot");
    Objects.requireNonNull(manifestHash, "manifestHash");
    datasetLocations = List.copyOf(datasetLocations);
  }

  static ModelMetadata of(ModelProposal proposal) {
    DatasetReference dataset = proposal.dataset();
    return new ModelMetadata(
        proposal.name(),
        proposal.community(),
        proposal.summary(),
        proposal.configName(),
        proposal.config().canonicalBytes(),
        proposal.seed(),
        dataset.root(),
        dataset.manifestHash(),
        dataset.totalBytes(),
        dataset.locations());
  }
}
