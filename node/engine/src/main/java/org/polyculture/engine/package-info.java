/** Polyculture engine. */
package org.polyculture.engine;
