/** Polyculture contracts. */
package org.polyculture.contracts;
