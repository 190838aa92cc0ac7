package dev.nexus.synthesis.flite;

import com.sun.jna.CallbackReference;
import com.sun.jna.Pointer;
import dev.nexus.audio.Pcm;
import dev.nexus.synthesis.engine.LoadedSynthesizer;
import dev.nexus.synthesis.engine.OpenAiVoices;
import dev.nexus.synthesis.engine.Voice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CMU Flite in-process through JNA, with Debian's voices ({@code libflite_cmu_us_*}): slt (female), rms,
 * awb and kal (male), all at 16 kHz. Audio arrives through Flite's audio-streaming callback while the
 * waveform is generated, so the sink can stop synthesis within one piece of audio. Word timings come
 * from the utterance itself: each token of the text starts where the first segment of its first word
 * starts (the end of the segment before it). Flite's voices and utterance features are process-global,
 * so one synthesis runs at a time in the whole process.
 */
public final class FliteSynthesizer extends LoadedSynthesizer {
  /** Flite's voices at 16 kHz. */
  public static final int SAMPLE_RATE = 16000;
  /**
   * The voices Nexus knows: id, library suffix ({@code libflite_cmu_us_<lib>}), label, language, gender,
   * and a gain that brings each to about espeak-ng's level (RMS near 0.09 on a test sentence; kal is quiet,
   * slt loud), so hosts with different voices sound equally loud.
   */
  static final List<Known> KNOWN = List.of(
      new Known("cmu_us_slt", "slt", "Flite slt (US English)", "en-us", "female", 0.6f),
      new Known("cmu_us_rms", "rms", "Flite rms (US English)", "en-us", "male", 1.1f),
      new Known("cmu_us_awb", "awb", "Flite awb (Scottish English)", "en-gb-scotland", "male", 1.0f),
      new Known("cmu_us_kal", "kal16", "Flite kal (US English)", "en-us", "male", 2.3f));
  /** OpenAI's voice names, mapped to Flite voices so existing clients work unchanged. */
  public static final Map<String, String> OPENAI_ALIASES = OpenAiVoices.mappedTo("cmu_us_rms",
      "cmu_us_kal", "cmu_us_awb", "cmu_us_slt", "cmu_us_awb", "cmu_us_awb", "cmu_us_slt", "cmu_us_kal", "cmu_us_slt",
      "cmu_us_slt", "cmu_us_rms", "cmu_us_slt", "cmu_us_rms");

  record Known(String id, String library, String label, String language, String gender, float gain) {
  }

  private static final Object LOCK = new Object();
  private static FliteLibrary lib;
  /** Strongly held: JNA callbacks must outlive every native call that may invoke them. */
  private static FliteLibrary.StreamCallback callback;
  /** Registered voices by library suffix, each with its streaming info set; never freed (process-global). */
  private static final Map<String, Pointer> REGISTERED = new HashMap<>();
  /** The diphone voices' own mean pitch (Hz), scaled by a request's pitch; clustergen voices take f0_shift. */
  private static final Map<String, Float> F0_MEAN = new HashMap<>();
  private static final Map<String, Float> GAIN = new HashMap<>();
  private static Run current;
  /** Feature keys, held for ever: Flite stores the key pointers it is given. */
  private static final Pointer STREAMING_INFO = FliteLibrary.key("streaming_info");
  private static final Pointer DURATION_STRETCH = FliteLibrary.key("duration_stretch");
  private static final Pointer F0_SHIFT = FliteLibrary.key("f0_shift");
  private static final Pointer F0_TARGET_MEAN = FliteLibrary.key("int_f0_target_mean");

  /** One synthesis in progress: where its audio and words go. */
  private static final class Run {
    final String text;
    final Sink sink;
    final float gain;
    boolean wordsSent;
    boolean stopRequested;

    Run(String text, Sink sink, float gain) {
      this.text = text;
      this.sink = sink;
      this.gain = gain;
    }
  }

  /** Loads libflite and every installed voice of {@link #KNOWN}; fails if none is installed. */
  public FliteSynthesizer() {
    super("flite");
    List<Voice> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    synchronized (LOCK) {
      if (lib == null) {
        lib = FliteLibrary.load();
        callback = FliteSynthesizer::onAudio;
      }
      for (Known known : KNOWN) {
        try {
          register(known.library());
          GAIN.put(known.library(), known.gain());
          found.add(new Voice(known.id(), known.label(), known.language(), known.gender(), name(), known.library()));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
          missing.add(known.id() + ": " + e.getMessage());
        }
      }
    }
    if (found.isEmpty()) {
      throw new IllegalStateException("no Flite voice is installed (Debian/Ubuntu: apt-get install flite libflite1 "
          + "flite1-dev): " + missing);
    }
    List<Voice> all = new ArrayList<>();
    for (Map.Entry<String, String> alias : OPENAI_ALIASES.entrySet()) {
      found.stream().filter(v -> v.id().equals(alias.getValue())).findFirst().ifPresent(v -> all.add(new Voice(
          alias.getKey(), alias.getKey() + " (Flite " + v.id().substring("cmu_us_".length()) + ")",
          v.language(), v.gender(), name(), v.spec())));
    }
    all.addAll(found);
    loaded(SAMPLE_RATE, all);
  }

  /** Registers a voice once and points its streaming info at this class's callback. */
  private static void register(String library) {
    if (REGISTERED.containsKey(library)) {
      return;
    }
    Pointer voice = FliteLibrary.registerVoice(library);
    Pointer features = voice.getPointer(FliteLibrary.VOICE_FEATURES);
    Pointer info = lib.new_audio_streaming_info();
    info.setPointer(FliteLibrary.ASI_CALLBACK, CallbackReference.getFunctionPointer(callback));
    lib.feat_set(features, STREAMING_INFO, lib.audio_streaming_info_val(info));
    if (lib.feat_present(features, "cg_db") == 0) {
      F0_MEAN.put(library, lib.get_param_float(features, "int_f0_target_mean", 100f));
    }
    REGISTERED.put(library, voice);
  }

  /**
   * Speaks {@code text}; {@code speed} stretches the durations, {@code pitch} scales the voice's pitch
   * (the clustergen voices slt and awb, and kal; rms keeps its own).
   */
  @Override
  public void synthesize(String text, Voice voice, double speed, double pitch, Sink sink) {
    synchronized (LOCK) {
      Pointer registered = REGISTERED.get(voice.spec());
      if (registered == null) {
        throw new IllegalArgumentException("Flite has no voice '" + voice.spec() + "'");
      }
      Pointer features = registered.getPointer(FliteLibrary.VOICE_FEATURES);
      lib.flite_feat_set_float(features, DURATION_STRETCH, (float) (1.0 / speed));
      Float mean = F0_MEAN.get(voice.spec());
      if (mean != null) {
        lib.flite_feat_set_float(features, F0_TARGET_MEAN, (float) (mean * pitch));
      } else {
        lib.flite_feat_set_float(features, F0_SHIFT, (float) pitch);
      }
      current = new Run(text, sink, GAIN.getOrDefault(voice.spec(), 1f));
      try {
        Pointer utterance = lib.flite_synth_text(text, registered);
        if (utterance == null) {
          throw new IllegalStateException("flite_synth_text failed");
        }
        lib.delete_utterance(utterance);
      } finally {
        current = null;
      }
    }
  }

  private static int onAudio(Pointer wave, int start, int size, int last, Pointer info) {
    Run run = current;
    if (run == null || run.stopRequested) {
      return FliteLibrary.STREAM_STOP;
    }
    if (!run.wordsSent) {
      run.wordsSent = true;
      Pointer utterance = info.getPointer(FliteLibrary.ASI_UTTERANCE);
      if (utterance != null) {
        sendWords(utterance, run);
      }
    }
    if (size > 0) {
      short[] samples = wave.getPointer(FliteLibrary.WAVE_SAMPLES).getShortArray(2L * start, size);
      float[] audio = Pcm.toFloats(samples, size);
      for (int i = 0; i < audio.length; i++) {
        audio[i] = Math.max(-1f, Math.min(1f, audio[i] * run.gain));
      }
      run.stopRequested = !run.sink.audio(audio);
    }
    return run.stopRequested ? FliteLibrary.STREAM_STOP : FliteLibrary.STREAM_CONTINUE;
  }

  /** Each token of the text, found in it in order, starts where its first word's first segment starts. */
  private static void sendWords(Pointer utterance, Run run) {
    Pointer relation = lib.utt_relation(utterance, "Token");
    int cursor = 0;
    long lastMs = -1;
    for (Pointer token = relation == null ? null : lib.relation_head(relation); token != null;
        token = lib.item_next(token)) {
      String name = lib.item_feat_string(token, "name");
      int at = name == null || name.isEmpty() ? -1 : run.text.indexOf(name, cursor);
      if (at < 0) {
        continue;
      }
      float seconds = lib.ffeature_float(token, "daughter1.R:SylStructure.daughter1.daughter1.R:Segment.p.end");
      long ms = Math.round(seconds * 1000.0);
      if (ms <= lastMs) {
        continue; // a token without words of its own (no segments)
      }
      cursor = at + name.length();
      lastMs = ms;
      run.sink.word(at, name.length(), ms);
    }
  }

  @Override
  public void close() {
    // libflite and its voices are process-global and shared by every instance; they live until the JVM exits.
  }
}
