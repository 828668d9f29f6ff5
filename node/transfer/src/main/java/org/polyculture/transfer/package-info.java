/** Polyculture transfer. */
package org.polyculture.transfer;
