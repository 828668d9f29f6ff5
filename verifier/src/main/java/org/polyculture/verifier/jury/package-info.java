/**
 * Jury duty: deciding votes by recomputation, commit-reveal, and driving disputes to settlement.
 */
package org.polyculture.verifier.jury;
