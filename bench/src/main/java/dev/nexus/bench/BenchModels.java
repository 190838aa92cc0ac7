package dev.nexus.bench;

import java.nio.file.Path;

/** Where the benchmarks find model files: NEXUS_MODELS, else ../shared/models beside the checkout. */
final class BenchModels {
  private BenchModels() {
  }

  static Path resolve(String relative) {
    return root().resolve(relative);
  }

  static Path root() {
    return Path.of(System.getenv().getOrDefault("NEXUS_MODELS", "../shared/models")).toAbsolutePath();
  }
}
