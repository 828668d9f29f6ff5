package org.polyculture.verifier;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes32;
import org.polyculture.verifier.fetch.DatasetSource;
import org.polyculture.verifier.fetch.FetchFailure;
import org.polyculture.verifier.fetch.FetchResult;

/** Datasets at {@code file:} locations, copied as they are (the reader verifies them after). */
public final class LocalDatasetSource implements DatasetSource {

  private final AtomicInteger fetches = new AtomicInteger();

  public int fetches() {
    return fetches.get();
  }

  @Override
  public FetchResult<Path> fetch(
      List<String> locations, Bytes32 root, Bytes32 manifestHash, Path directory) {
    fetches.incrementAndGet();
    for (String location : locations) {
      Path source = Path.of(URI.create(location));
      if (!Files.isDirectory(source)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(source)) {
        for (Path from : walk.toList()) {
          Path to = directory.resolve(source.relativize(from).toString());
          if (Files.isDirectory(from)) {
            Files.createDirectories(to);
          } else {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
        return FetchResult.fetched(directory);
      } catch (IOException e) {
        return FetchResult.failed(FetchFailure.UNREACHABLE, e.toString());
      }
    }
    return FetchResult.failed(FetchFailure.UNREACHABLE, "no location has dataset " + root);
  }
}
