package dev.nexus.reasoning.grounded;

/** Test access to the grounded engine's package-private helpers. */
public final class GroundedModelAccess {
  private GroundedModelAccess() {
  }

  public static String undo(String content) {
    return GroundedModel.undoRepetition(content);
  }
}
