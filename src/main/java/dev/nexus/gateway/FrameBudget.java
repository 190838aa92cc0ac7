package dev.nexus.gateway;

/** A token bucket of frames: {@code perSecond} frames a second, with at most one second's worth saved up. */
final class FrameBudget {
  private final int perSecond;
  private double budget;
  private long refilledAt = System.nanoTime();

  FrameBudget(int perSecond) {
    this.perSecond = perSecond;
    this.budget = perSecond;
  }

  /** Takes a frame from the budget; false when the frames a second are spent. */
  boolean take() {
    long now = System.nanoTime();
    budget = Math.min(perSecond, budget + (now - refilledAt) / 1e9 * perSecond);
    refilledAt = now;
    if (budget < 1) {
      return false;
    }
    budget -= 1;
    return true;
  }
}
