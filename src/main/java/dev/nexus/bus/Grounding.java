package dev.nexus.bus;

/** Whether a chat answer rests on its sources: the material the request supplied, tool results, a computation. */
public enum Grounding {
  /** The answer is drawn from the sources (or from a tool's result or a computation). */
  GROUNDED,
  /** The sources do not hold the answer, and the answer says so instead of answering. */
  NOT_IN_SOURCES,
  /** There was nothing to check against: no source material (small talk, a generative model's own knowledge). */
  UNCHECKED
}
