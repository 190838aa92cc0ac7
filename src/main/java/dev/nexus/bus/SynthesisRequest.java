package dev.nexus.bus;

/**
 * Asks the synthesis verticle to speak a text; audio chunks and a closing {@link StreamEnd} go to
 * {@code context.streamAddress()}.
 *
 * @param speed 1.0 is the voice's normal rate
 * @param pitch 1.0 is the voice's normal pitch
 * @param volume 1.0 is the engine's level; the product with the engine's gain is clipped to full scale
 * @param chunkMs the largest chunk to emit, in milliseconds
 */
public record SynthesisRequest(RequestContext context, String text, String voice, int sampleRate,
    double speed, double pitch, double volume, int chunkMs) {
  /** A request at the engine's normal volume. */
  public SynthesisRequest(RequestContext context, String text, String voice, int sampleRate, double speed, double pitch,
      int chunkMs) {
    this(context, text, voice, sampleRate, speed, pitch, 1.0, chunkMs);
  }
}
