/** Polyculture governance. */
package org.polyculture.governance;
