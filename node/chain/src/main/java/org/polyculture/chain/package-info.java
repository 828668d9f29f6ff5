/** Polyculture chain. */
package org.polyculture.chain;
