/** Polyculture protocol. */
package org.polyculture.protocol;
