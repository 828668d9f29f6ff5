/** Jobs as a verifier sees them: description from chain data, dataset and genesis state. */
package org.polyculture.verifier.job;
