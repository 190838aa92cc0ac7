package dev.nexus.bus;

/** A stage request that did not end well: what kind of failure, in which stage, and the stage's message. */
public final class StageException extends RuntimeException {
  private final StageFailure failure;
  private final String stage;

  public StageException(StageFailure failure, String stage, String message) {
    super(message, null, false, false);
    this.failure = failure;
    this.stage = stage;
  }

  /** The failure of a bus request to {@code stage}, typed. */
  public static StageException from(String stage, Throwable err) {
    return err instanceof StageException se ? se
        : new StageException(StageFailure.of(err), stage, String.valueOf(err.getMessage()));
  }

  public StageFailure failure() {
    return failure;
  }

  /** The capability that failed (synthesis, reasoning, speech, podcast, tools). */
  public String stage() {
    return stage;
  }
}
