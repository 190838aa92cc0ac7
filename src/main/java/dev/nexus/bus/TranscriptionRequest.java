package dev.nexus.bus;

/**
 * Asks the speech verticle to transcribe a whole recording (WAV, FLAC or raw PCM16); the reply is a
 * {@link Transcription}.
 *
 * @param rawSampleRate the rate of raw PCM16 input (WAV and FLAC carry their own)
 */
public record TranscriptionRequest(RequestContext context, byte[] audio, int rawSampleRate, String language) {
}
