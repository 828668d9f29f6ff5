/** Polyculture storage. */
package org.polyculture.storage;
