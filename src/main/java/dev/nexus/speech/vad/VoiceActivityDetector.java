package dev.nexus.speech.vad;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns speech probabilities into speech-started and speech-stopped events, the way server VAD works
 * in realtime voice APIs: speech starts on the first frame at or above {@code threshold} (the start is
 * moved back by {@code prefixPaddingMs}), and stops once the probability has stayed below
 * {@code threshold - 0.15} for {@code silenceDurationMs}; the stop is placed where speech ended.
 * Offsets are in samples at 16 kHz from the start of the stream.
 */
public final class VoiceActivityDetector {
  /** What happened, and at which sample. */
  public record Event(boolean started, long sample) {
    public long ms() {
      return sample * 1000 / SileroVad.SAMPLE_RATE;
    }
  }

  /** Server-VAD parameters, as clients set them. */
  public record Params(double threshold, int prefixPaddingMs, int silenceDurationMs) {
    public static final Params DEFAULT = new Params(0.5, 300, 500);
  }

  private final SileroVad.Stream model;
  private final Params params;
  private final float[] frame = new float[SileroVad.FRAME];
  private int filled;
  private long position;
  private boolean speaking;
  private long silenceSince = -1;

  public VoiceActivityDetector(SileroVad.Stream model, Params params) {
    this.model = model;
    this.params = params;
  }

  /** Feeds 16 kHz samples; returns the events they caused, in order. */
  public List<Event> accept(float[] samples) {
    List<Event> events = new ArrayList<>();
    int at = 0;
    while (at < samples.length) {
      int n = Math.min(SileroVad.FRAME - filled, samples.length - at);
      System.arraycopy(samples, at, frame, filled, n);
      filled += n;
      at += n;
      if (filled == SileroVad.FRAME) {
        step(model.probability(frame), events);
        filled = 0;
        position += SileroVad.FRAME;
      }
    }
    return events;
  }

  private void step(float p, List<Event> events) {
    long start = position;
    long end = position + SileroVad.FRAME;
    if (p >= params.threshold()) {
      silenceSince = -1;
      if (!speaking) {
        speaking = true;
        long padding = (long) params.prefixPaddingMs() * SileroVad.SAMPLE_RATE / 1000;
        events.add(new Event(true, Math.max(0, start - padding)));
      }
    } else if (speaking && p < params.threshold() - 0.15) {
      if (silenceSince < 0) {
        silenceSince = start;
      }
      if (end - silenceSince >= (long) params.silenceDurationMs() * SileroVad.SAMPLE_RATE / 1000) {
        speaking = false;
        events.add(new Event(false, silenceSince));
        silenceSince = -1;
      }
    }
  }

  public boolean speaking() {
    return speaking;
  }

  /** Samples consumed so far (whole frames). */
  public long position() {
    return position;
  }
}
