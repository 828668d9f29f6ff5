/** Polyculture testkit. */
package org.polyculture.testkit;
