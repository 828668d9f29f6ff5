/**
 * The worker role (docs/worker.md): stakes, claims segments of funded jobs, trains them with the
 * engine, commits, serves its states over the transfer API, and collects rewards, with every
 * segment's phase kept in LMDB so that a restart at any point picks up where it was. The CUDA
 * backend lives in {@code org.polyculture.worker.cuda}; cheating strategies for the adversarial
 * suite (a test instrument only) in {@link org.polyculture.worker.cheat}.
 */
package org.polyculture.worker;
