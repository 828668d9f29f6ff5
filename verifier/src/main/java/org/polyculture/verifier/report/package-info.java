/** What the verifier reports: counters, the JSON report, and the HTTP endpoint serving them. */
package org.polyculture.verifier.report;
