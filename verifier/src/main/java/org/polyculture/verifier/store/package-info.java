/** The verifier's durable records: audits, disputes, jury duties, the event cursor. */
package org.polyculture.verifier.store;
