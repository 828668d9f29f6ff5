/** Polyculture api. */
package org.polyculture.api;
