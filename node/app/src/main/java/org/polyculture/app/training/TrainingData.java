package org.polyculture.app.training;

import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.engine.data.TokenStream;

/**
 * A dataset read from its directory, verified against its manifest, as the trainer sees it.
 *
 * @param root the dataset root the manifest commits to
 * @param stream the shards' bytes in order, with the held-out tail marked
 */
public record TrainingData(Path directory, Bytes32 root, TokenStream stream, int shards) {}
