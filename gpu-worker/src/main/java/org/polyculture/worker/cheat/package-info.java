/**
 * Cheating strategies: a <b>test instrument</b> for the adversarial suite and the devnet scenarios,
 * never for real use. A worker cheats only when started with {@code --cheat NAME} and the
 * environment variable {@code POLYCULTURE_TEST_CHEATS=enable} (docs/worker.md); it then says so in
 * its log at error level, in its status endpoint and in the hardware description it registers on
 * chain. Each strategy is a small class behind {@link org.polyculture.worker.cheat.CheatStrategy}.
 */
package org.polyculture.worker.cheat;
