package org.polyculture.verifier.job;

import java.math.BigInteger;

/** Describes jobs from chain data. */
@FunctionalInterface
public interface JobCatalog {

  JobLookup lookup(BigInteger jobId);
}
