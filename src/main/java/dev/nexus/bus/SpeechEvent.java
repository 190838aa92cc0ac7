package dev.nexus.bus;

/**
 * What the speech verticle noticed in a stream.
 *
 * @param type speech_started, speech_stopped, partial (a stable prefix of the utterance's text, which
 *     only ever grows) or final (the utterance's transcript)
 * @param utterance the utterance's number in the stream, from 0
 * @param audioMs where it happened, in milliseconds of the stream's audio
 */
public record SpeechEvent(String requestId, String type, int utterance, long audioMs, String text) {
}
