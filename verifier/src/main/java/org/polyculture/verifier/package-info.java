/** Polyculture verifier. */
package org.polyculture.verifier;
