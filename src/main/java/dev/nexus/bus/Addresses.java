package dev.nexus.bus;

import java.time.Instant;

/** Every event-bus address Nexus uses, in one place. */
public final class Addresses {
  private Addresses() {
  }

  /** Prefix of all Nexus addresses. */
  public static final String PREFIX = "nexus.";

  /** Message header: when the sender sent it, in microseconds since the epoch (for hop latency). */
  public static final String SENT_AT_HEADER = "x-nexus-sent-us";

  /** Now, in microseconds since the epoch. */
  public static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

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

  /** Reasoning: one assistant turn for a {@link ChatRequest}, streamed. */
  public static final String REASONING_CHAT = PREFIX + "reasoning.chat";
  /** Reasoning: the models this node's engine serves. */
  public static final String REASONING_MODELS = PREFIX + "reasoning.models";

  /** Tools publish their {@link ToolSpec} here when they come up (and when asked to). */
  public static final String TOOLS_ANNOUNCE = PREFIX + "tools.announce";
  /** Tools publish their name here when they go away. */
  public static final String TOOLS_WITHDRAW = PREFIX + "tools.withdraw";
  /** The registry publishes here to ask every tool to announce itself again. */
  public static final String TOOLS_DISCOVER = PREFIX + "tools.discover";
  /** The registry answers here with the list of live tools. */
  public static final String TOOLS_LIST = PREFIX + "tools.list";
  /** Document ingestion for document_search: a JSON {id, title, text}. */
  public static final String DOCUMENTS_ADD = PREFIX + "documents.add";

  /** Podcasts: make an episode from a {@link PodcastOrder} (replies its status JSON once the source is read). */
  public static final String PODCAST_CREATE = PREFIX + "podcast.create";
  /** Podcasts: one episode's status, and its script once ready ({"id"}). */
  public static final String PODCAST_GET = PREFIX + "podcast.get";
  /** Podcasts: every episode's status (replies a JSON array). */
  public static final String PODCAST_LIST = PREFIX + "podcast.list";
  /** Podcasts: an episode's WAV audio ({"id"}; replies a Buffer). */
  public static final String PODCAST_AUDIO = PREFIX + "podcast.audio";
  /** Podcasts: edit a ready episode's script ({@link ScriptEdits}; replies its new status with the script). */
  public static final String PODCAST_EDIT = PREFIX + "podcast.edit";

  /**
   * Podcasts: answer a listener's {@link PodcastQuestion} in a host's voice (replies at once; streams one
   * {@link PodcastAnswer} then the end; cancelling it cancels the reasoning it started).
   */
  public static final String PODCAST_ANSWER = PREFIX + "podcast.answer";

  /** Podcasts: append to a live session's recording ({podcast_id, session_id, audio, entries}). */
  public static final String PODCAST_SESSION_APPEND = PREFIX + "podcast.session.append";
  /** Podcasts: a live session's recording as a transcript with times ({podcast_id, session_id}). */
  public static final String PODCAST_SESSION_GET = PREFIX + "podcast.session.get";
  /** Podcasts: a live session's recording as WAV ({podcast_id, session_id}; replies a Buffer). */
  public static final String PODCAST_SESSION_AUDIO = PREFIX + "podcast.session.audio";

  /** Where an episode's progress is published while it is being made. */
  public static String podcastProgress(String id) {
    return PREFIX + "podcast.progress." + id;
  }

  /** Where a tool named {@code name} takes {@link ToolInvocation}s. */
  public static String tool(String name) {
    return PREFIX + "tools." + name;
  }

  /** Speech decoding: a whole recording to text ({@link TranscriptionRequest} → {@link Transcription}). */
  public static final String SPEECH_TRANSCRIBE = PREFIX + "speech.transcribe";
  /** Speech decoding: opens a streaming recognition ({@link SpeechStreamStart}). */
  public static final String SPEECH_STREAM = PREFIX + "speech.stream";

  /** Where a streaming recognition takes its audio chunks. */
  public static String speechAudio(String requestId) {
    return PREFIX + "speech.audio." + requestId;
  }

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
