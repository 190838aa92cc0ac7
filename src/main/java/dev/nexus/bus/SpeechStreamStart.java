package dev.nexus.bus;

/**
 * Opens a streaming recognition: send {@link AudioChunk}s (PCM16 at {@code sampleRate}) to
 * {@code Addresses.speechAudio(requestId)}; {@link SpeechEvent}s go to the stream address, and a
 * {@link StreamEnd} when the stream is cancelled. With {@code vad} false, the whole stream is one
 * utterance, finished by cancelling or by a {@code commit} (an empty chunk).
 */
public record SpeechStreamStart(RequestContext context, int sampleRate, String language, boolean vad,
    double threshold, int prefixPaddingMs, int silenceDurationMs) {
}
