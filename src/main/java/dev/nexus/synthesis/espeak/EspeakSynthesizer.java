package dev.nexus.synthesis.espeak;

import com.sun.jna.Native;
import dev.nexus.audio.Pcm;
import dev.nexus.synthesis.engine.LoadedSynthesizer;
import dev.nexus.synthesis.engine.OpenAiVoices;
import dev.nexus.synthesis.engine.SpeechSynthesizer;
import dev.nexus.synthesis.engine.Voice;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.sun.jna.ptr.PointerByReference;

/**
 * espeak-ng in-process through JNA, in synchronous mode: its synth callback hands over audio every
 * few milliseconds while it synthesizes, with word events carrying text and audio positions.
 * libespeak-ng keeps global state, so one synthesis runs at a time in the whole process.
 */
public final class EspeakSynthesizer extends LoadedSynthesizer {
  /** OpenAI's voice names, mapped to distinct espeak-ng voices so existing clients work unchanged. */
  public static final Map<String, String> OPENAI_ALIASES = OpenAiVoices.mappedTo("en-us", "en-us+m3",
      "en-gb-x-rp+m7", "en-us+f2", "en-gb+m1", "en-gb-scotland", "en-us+f3", "en-us+m7", "en-gb+f4", "en-us+f5",
      "en-029+m2", "en-us+f4", "en-gb+m3");

  private static final Object LOCK = new Object();
  private static EspeakLibrary lib;
  private static int nativeRate;
  /** Strongly held: JNA callbacks must outlive every native call that may invoke them. */
  private static EspeakLibrary.SynthCallback callback;
  private static SpeechSynthesizer.Sink currentSink;
  private static boolean stopRequested;

  private final Set<String> variants;

  public EspeakSynthesizer(int bufferMs) {
    super("espeak");
    synchronized (LOCK) {
      if (lib == null) {
        EspeakLibrary loaded = EspeakLibrary.load();
        int rate = loaded.espeak_Initialize(EspeakLibrary.AUDIO_OUTPUT_SYNCHRONOUS, bufferMs, null, 0);
        if (rate <= 0) {
          throw new IllegalStateException("espeak_Initialize failed (" + rate
              + "): is espeak-ng-data installed?");
        }
        callback = EspeakSynthesizer::onSynth;
        loaded.espeak_SetSynthCallback(callback);
        nativeRate = rate;
        lib = loaded;
      }
      loaded(nativeRate, listVoices());
      variants = listVariants();
    }
  }

  /** The installed espeak-ng version. */
  public String version() {
    synchronized (LOCK) {
      return lib.espeak_Info(new PointerByReference());
    }
  }

  /** A listed voice, or any listed language with an espeak-ng variant, such as {@code en-us+f3}. */
  @Override
  public Optional<Voice> voice(String id) {
    Optional<Voice> listed = super.voice(id);
    int plus = id.indexOf('+');
    if (listed.isPresent() || plus < 0) {
      return listed;
    }
    String variant = id.substring(plus + 1);
    Optional<Voice> base = super.voice(id.substring(0, plus));
    if (base.isEmpty() || !variants.contains(variant)) {
      return Optional.empty();
    }
    return Optional.of(new Voice(id, base.get().name() + " (" + variant + ")", base.get().language(),
        variant.startsWith("f") ? "female" : "male", name(), base.get().spec() + "+" + variant));
  }

  /**
   * The IPA phonemes of a text in a language, clause by clause, as espeak-ng produces them (the
   * phonemizer neural voices such as Piper's are trained on).
   */
  public List<String> phonemize(String text, String language) {
    Memory buffer = cString(text);
    List<String> clauses = new ArrayList<>();
    synchronized (LOCK) {
      Voice voice = voice(language).orElseThrow(() -> new IllegalArgumentException("espeak-ng has no voice '" + language + "'"));
      lib.espeak_SetVoiceByName(voice.spec());
      PointerByReference cursor = new PointerByReference(buffer);
      while (cursor.getValue() != null) {
        String phonemes = lib.espeak_TextToPhonemes(cursor, EspeakLibrary.CHARS_UTF8, EspeakLibrary.PHONEMES_IPA);
        if (phonemes != null && !phonemes.isBlank()) {
          clauses.add(phonemes.trim());
        }
      }
    }
    return clauses;
  }

  /** The text as a NUL-terminated UTF-8 string in native memory, as libespeak-ng takes it. */
  private static Memory cString(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    Memory buffer = new Memory(utf8.length + 1L);
    buffer.write(0, utf8, 0, utf8.length);
    buffer.setByte(utf8.length, (byte) 0);
    return buffer;
  }

  private static int onSynth(Pointer wav, int numSamples, Pointer events) {
    SpeechSynthesizer.Sink sink = currentSink;
    if (sink == null) {
      return 1;
    }
    if (events != null) {
      for (int i = 0; ; i++) {
        long base = (long) i * EspeakLibrary.EVENT_SIZE;
        int type = events.getInt(base);
        if (type == EspeakLibrary.EVENT_LIST_TERMINATED) {
          break;
        }
        if (type == EspeakLibrary.EVENT_WORD) {
          // text_position counts characters from 1
          sink.word(events.getInt(base + 8) - 1, events.getInt(base + 12), events.getInt(base + 16));
        }
      }
    }
    if (wav != null && numSamples > 0 && !stopRequested) {
      short[] samples = wav.getShortArray(0, numSamples);
      stopRequested = !sink.audio(Pcm.toFloats(samples, numSamples));
    }
    return stopRequested ? 1 : 0;
  }

  @Override
  public void synthesize(String text, Voice voice, double speed, double pitch, Sink sink) {
    Memory buffer = cString(text);
    synchronized (LOCK) {
      if (lib.espeak_SetVoiceByName(voice.spec()) != 0) {
        throw new IllegalArgumentException("espeak-ng has no voice '" + voice.spec() + "'");
      }
      int rate = (int) Math.round(EspeakLibrary.RATE_NORMAL * speed);
      lib.espeak_SetParameter(EspeakLibrary.RATE,
          Math.max(EspeakLibrary.RATE_MINIMUM, Math.min(EspeakLibrary.RATE_MAXIMUM, rate)), 0);
      lib.espeak_SetParameter(EspeakLibrary.PITCH, (int) Math.max(0, Math.min(100, Math.round(50 * pitch))), 0);
      currentSink = sink;
      stopRequested = false;
      try {
        int status = lib.espeak_Synth(buffer, buffer.size(), 0, EspeakLibrary.POS_CHARACTER, 0,
            EspeakLibrary.CHARS_UTF8 | EspeakLibrary.END_PAUSE, null, null);
        lib.espeak_Synchronize();
        if (status != 0) {
          throw new IllegalStateException("espeak_Synth failed with status " + status);
        }
      } finally {
        currentSink = null;
      }
    }
  }

  private List<Voice> listVoices() {
    // Base voices by language; espeak-ng selects them by name (e.g. "English_(Great_Britain)").
    Map<String, Voice> byLanguage = new LinkedHashMap<>();
    Pointer list = lib.espeak_ListVoices(null);
    for (int i = 0; ; i++) {
      Pointer entry = list.getPointer((long) i * Native.POINTER_SIZE);
      if (entry == null) {
        break;
      }
      String voiceName = entry.getPointer(0).getString(0, "UTF-8");
      String language = entry.getPointer(Native.POINTER_SIZE).getString(1, "UTF-8"); // skip the priority byte
      String identifier = entry.getPointer(2L * Native.POINTER_SIZE).getString(0, "UTF-8");
      int gender = entry.getByte(3L * Native.POINTER_SIZE) & 0xff;
      if (!identifier.startsWith("mb/") && !OPENAI_ALIASES.containsKey(language)) {
        // MBROLA voices (mb/) need separately installed databases
        byLanguage.putIfAbsent(language, new Voice(language, voiceName, language,
            gender == 2 ? "female" : "male", name(), voiceName));
      }
    }
    List<Voice> out = new ArrayList<>();
    for (Map.Entry<String, String> alias : OPENAI_ALIASES.entrySet()) {
      String[] parts = alias.getValue().split("\\+");
      Voice base = byLanguage.get(parts[0]);
      if (base != null) {
        String variant = parts.length > 1 ? parts[1] : null;
        out.add(new Voice(alias.getKey(), alias.getKey() + " (espeak-ng " + alias.getValue() + ")", base.language(),
            variant == null ? base.gender() : variant.startsWith("f") ? "female" : "male", name(),
            variant == null ? base.spec() : base.spec() + "+" + variant));
      }
    }
    out.addAll(byLanguage.values());
    return List.copyOf(out);
  }

  private static Set<String> listVariants() {
    PointerByReference dataPath = new PointerByReference();
    lib.espeak_Info(dataPath);
    Path dir = Path.of(dataPath.getValue().getString(0, "UTF-8"), "voices", "!v");
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      return Set.of();
    }
  }

  @Override
  public void close() {
    // libespeak-ng is process-global and shared by every instance; it lives until the JVM exits.
  }
}
