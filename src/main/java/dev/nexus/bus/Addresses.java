package dev.nexus.bus;

/** Every event-bus address Nexus uses, in one place. */
public final class Addresses {
  private Addresses() {
  }

  /** Prefix of all Nexus addresses. */
  public static final String PREFIX = "nexus.";

  /** Capability names: one verticle (and one config file) each. */
  public static final String GATEWAY = "gateway";
  public static final String SPEECH = "speech";
  public static final String SYNTHESIS = "synthesis";
  public static final String REASONING = "reasoning";
  public static final String PODCAST = "podcast";
  public static final String TOOLS = "tools";

  /** Speech synthesis: request a stream of audio chunks for a text. */
  public static final String SYNTHESIS_SPEAK = PREFIX + "synthesis.speak";
  /** Speech synthesis: list the voices of the live engine. */
  public static final String SYNTHESIS_VOICES = PREFIX + "synthesis.voices";

  /** Health probe of a capability: replies with its status JSON. */
  public static String health(String capability) {
    return PREFIX + "health." + capability;
  }

  /** Where a streaming stage sends the items of one request. */
  public static String stream(String requestId) {
    return PREFIX + "stream." + requestId;
  }

  /** Where a stage listens for the cancellation of one request. */
  public static String cancel(String requestId) {
    return PREFIX + "cancel." + requestId;
  }
}
