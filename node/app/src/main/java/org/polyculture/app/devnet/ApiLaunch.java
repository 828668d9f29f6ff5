package org.polyculture.app.devnet;

import java.nio.file.Path;

/**
 * The API to start: its data directory, port, the relayer that pays for signed votes and
 * delegations, and the demo holders' accounts file.
 */
public record ApiLaunch(Path dataDirectory, int port, DevnetAccount relayer, Path demoAccounts) {}
