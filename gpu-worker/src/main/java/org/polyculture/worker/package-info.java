/** Polyculture worker. */
package org.polyculture.worker;
