/** Polyculture e2e. */
package org.polyculture.e2e;
