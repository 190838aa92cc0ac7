package dev.nexus.speech;

import dev.nexus.audio.StreamingResampler;
import dev.nexus.bus.SpeechEvent;
import dev.nexus.speech.engine.SpeechRecognizer;
import dev.nexus.speech.vad.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state of one streaming recognition: resampling to 16 kHz, server VAD (optional), one recognizer
 * session per utterance fed with the prefix padding before the detected start, and partials made
 * stable by local agreement: a word is shown only once two consecutive hypotheses agree on it and
 * everything before it, so a partial only ever grows.
 */
public final class UtteranceStream {
  private final String requestId;
  private final SpeechRecognizer recognizer;
  private final String language;
  private final StreamingResampler resampler;
  private final VoiceActivityDetector detector;
  private final int partialEverySamples;
  private final long maxUtteranceSamples;
  private long utteranceSamples;
  private long startedMs;
  private final float[] recent;
  private int recentFilled;
  private SpeechRecognizer.Session session;
  private boolean active;
  private int utterance = -1;
  private long samples;
  private long sinceLastPartial;
  private List<String> committed = List.of();
  private List<String> lastHypothesis = List.of();

  /**
   * @param detector server VAD, or null to treat the whole stream as one utterance until a commit
   * @param maxUtteranceSeconds an utterance that lasts longer (endless noise taken for speech, a client that never
   *     commits) is ended there, with its final transcript, and the next one begins at once; 0: no limit
   */
  public UtteranceStream(String requestId, SpeechRecognizer recognizer, String language, int inputRate,
      VoiceActivityDetector detector, int prefixPaddingMs, int partialIntervalMs, int maxUtteranceSeconds) {
    this.requestId = requestId;
    this.recognizer = recognizer;
    this.language = language;
    this.resampler = new StreamingResampler(inputRate, 16000);
    this.detector = detector;
    this.partialEverySamples = partialIntervalMs * 16;
    this.maxUtteranceSamples = maxUtteranceSeconds * 16000L;
    this.recent = new float[Math.max(1, prefixPaddingMs * 16)];
  }

  /** Processes the next piece of audio (floats at the input rate); returns what it caused, in order. */
  public List<SpeechEvent> accept(float[] input) {
    float[] audio = resampler.process(input, false);
    List<SpeechEvent> events = new ArrayList<>();
    if (detector == null) {
      if (!active) {
        begin(events, samples * 1000 / 16000, false);
      }
      feed(audio, events);
    } else {
      boolean fed = false;
      for (VoiceActivityDetector.Event e : detector.accept(audio)) {
        if (e.started()) {
          begin(events, e.ms(), true);
          session.accept(Arrays.copyOf(recent, recentFilled)); // the audio just before the detected start
          feed(audio, events);
          fed = true;
        } else if (active) {
          if (!fed) {
            feed(audio, events);
            fed = true;
          }
          long at = Math.max(e.ms(), startedMs); // a cut at the length limit may come after the speech's end
          events.add(new SpeechEvent(requestId, "speech_stopped", utterance, at, null));
          end(events, at);
        }
      }
      if (!fed && active) {
        feed(audio, events);
      }
    }
    remember(audio);
    samples += audio.length;
    if (active && maxUtteranceSamples > 0 && utteranceSamples >= maxUtteranceSamples) {
      // too long to hold (a decoder, and Whisper's whole utterance): this one ends here, the next goes on at once
      long ms = samples * 1000 / 16000;
      if (detector != null) {
        events.add(new SpeechEvent(requestId, "speech_stopped", utterance, ms, null));
      }
      end(events, ms);
      begin(events, ms, detector != null);
    }
    return events;
  }

  /** Ends the current utterance now (a client's commit); returns its final transcript event, if any. */
  public List<SpeechEvent> commit() {
    List<SpeechEvent> events = new ArrayList<>();
    if (active) {
      end(events, samples * 1000 / 16000);
    }
    return events;
  }

  private void begin(List<SpeechEvent> events, long ms, boolean announce) {
    utterance++;
    if (session == null) {
      session = recognizer.start(language); // a session (a decoder) is held for one utterance only
    }
    active = true;
    startedMs = ms;
    utteranceSamples = 0;
    committed = List.of();
    lastHypothesis = List.of();
    sinceLastPartial = 0;
    if (announce) {
      events.add(new SpeechEvent(requestId, "speech_started", utterance, ms, null));
    }
  }

  private void feed(float[] audio, List<SpeechEvent> events) {
    session.accept(audio);
    utteranceSamples += audio.length;
    sinceLastPartial += audio.length;
    if (sinceLastPartial >= partialEverySamples) {
      sinceLastPartial = 0;
      List<String> hypothesis = words(session.partial());
      List<String> agreed = commonPrefix(lastHypothesis, hypothesis);
      lastHypothesis = hypothesis;
      if (agreed.size() > committed.size() && agreed.subList(0, committed.size()).equals(committed)) {
        committed = agreed;
        events.add(new SpeechEvent(requestId, "partial", utterance, samples * 1000 / 16000, String.join(" ", committed)));
      }
    }
  }

  private void end(List<SpeechEvent> events, long ms) {
    SpeechRecognizer.Transcript transcript = session.finish();
    active = false;
    session.close(); // the decoder goes back to the pool while nobody speaks
    session = null;
    events.add(new SpeechEvent(requestId, "final", utterance, ms, transcript.text()));
  }

  private void remember(float[] audio) {
    if (audio.length >= recent.length) {
      System.arraycopy(audio, audio.length - recent.length, recent, 0, recent.length);
      recentFilled = recent.length;
    } else {
      int keep = Math.min(recentFilled, recent.length - audio.length);
      System.arraycopy(recent, recentFilled - keep, recent, 0, keep);
      System.arraycopy(audio, 0, recent, keep, audio.length);
      recentFilled = keep + audio.length;
    }
  }

  static List<String> words(String text) {
    return text == null || text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
  }

  static List<String> commonPrefix(List<String> a, List<String> b) {
    int n = 0;
    while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
      n++;
    }
    return List.copyOf(a.subList(0, n));
  }

  /** Frees the recognizer session, if one is open. */
  public void close() {
    if (session != null) {
      session.close();
      session = null;
    }
  }
}
