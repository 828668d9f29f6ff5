package org.polyculture.verifier.job;

import java.math.BigInteger;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.chain.index.IndexedJob;
import org.polyculture.chain.index.ProtocolIndex;
import org.polyculture.engine.state.DecodeResult;
import org.polyculture.protocol.job.ModelSpec;

/**
 * Describes jobs from the chain index: the JobCreated fields and the JobMetadata the ledger emits
 * with them (model spec, seed, dataset manifest hash and locations). The model spec is decoded
 * strictly; a spec this node cannot run makes the job unusable here.
 */
public final class IndexedJobCatalog implements JobCatalog {

  private final ProtocolIndex index;

  public IndexedJobCatalog(ProtocolIndex index) {
    this.index = index;
  }

  @Override
  public JobLookup lookup(BigInteger jobId) {
    Optional<IndexedJob> indexed = index.job(jobId);
    if (indexed.isEmpty()) {
      return new JobLookup.Unknown();
    }
    IndexedJob job = indexed.get();
    if (job.modelSpec() == null || job.datasetManifestHash() == null) {
      return new JobLookup.Unusable("job " + jobId + " has no metadata on chain");
    }
    DecodeResult<ModelSpec> spec = ModelSpec.decode(Bytes.fromHexString(job.modelSpec()));
    if (!spec.isValid()) {
      return new JobLookup.Unusable(
          "job " + jobId + " has a model spec this node cannot run: " + spec.error().orElseThrow());
    }
    if (job.segmentLength() > Integer.MAX_VALUE) {
      return new JobLookup.Unusable("job " + jobId + " has segments too long to audit");
    }
    try {
      return new JobLookup.Described(
          new JobDescription(
              jobId,
              spec.value().config(),
              job.jobSeed(),
              Bytes32.fromHexString(job.datasetRoot()),
              Bytes32.fromHexString(job.datasetManifestHash()),
              job.datasetLocations(),
              Bytes32.fromHexString(job.genesisStateHash()),
              (int) job.segmentLength(),
              job.totalSteps()));
    } catch (IllegalArgumentException e) {
      return new JobLookup.Unusable("job " + jobId + " is malformed: " + e.getMessage());
    }
  }
}
