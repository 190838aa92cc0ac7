package dev.nexus.speech.engine;

import dev.nexus.config.Settings;

/**
 * How a shared model gathers concurrent sessions' work into one call: up to {@code maxBatch} items, waiting at most
 * {@code maxWaitMs} for them. A {@code maxBatch} of 1 is off: each session calls the model alone.
 */
public record BatchPolicy(int maxBatch, int maxWaitMs) {
  public static final BatchPolicy OFF = new BatchPolicy(1, 0);

  public BatchPolicy {
    if (maxBatch < 1 || maxWaitMs < 0) {
      throw new IllegalArgumentException("max-batch must be 1 or more and max-batch-wait-ms 0 or more");
    }
  }

  /**
   * Reads {@code max-batch} (1 to 256; default 1, off) and {@code max-batch-wait-ms} (0 to 10,000; default
   * {@code defaultWaitMs}) from a section; a bad value names the file and the key.
   */
  public static BatchPolicy read(Settings section, int defaultWaitMs) {
    return new BatchPolicy(section.integer("max-batch", 1, 1, 256),
        section.integer("max-batch-wait-ms", defaultWaitMs, 0, 10_000));
  }

  /** Whether sessions are batched at all. */
  public boolean on() {
    return maxBatch > 1;
  }
}
