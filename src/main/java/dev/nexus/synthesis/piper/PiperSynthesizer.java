package dev.nexus.synthesis.piper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nexus.synthesis.engine.LoadedSynthesizer;
import dev.nexus.synthesis.engine.Voice;
import dev.nexus.synthesis.espeak.EspeakSynthesizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Piper (VITS) voices: an {@code .onnx} model and its {@code .onnx.json} config, run by ONNX Runtime.
 * Text becomes IPA phonemes with espeak-ng, phonemes become ids through the voice's map (with Piper's
 * pad between symbols and its start and end marks), and the model turns ids into audio. Piper models
 * give no alignment, so word start times are estimated from each word's share of the phonemes.
 */
public final class PiperSynthesizer extends LoadedSynthesizer {
  private static final int AUDIO_PIECE = 1024; // samples handed to the sink at a time

  private final EspeakSynthesizer phonemizer;
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String voiceName;
  private final int sampleRate;
  private final String espeakVoice;
  private final Map<Integer, long[]> ids = new HashMap<>();
  private final float noiseScale;
  private final float lengthScale;
  private final float noiseW;
  private final boolean multiSpeaker;

  /** Loads {@code <dir>/<voice>.onnx} and {@code <dir>/<voice>.onnx.json}; {@code options}: device and threads. */
  public PiperSynthesizer(Path dir, String voice, EspeakSynthesizer phonemizer, OrtSession.SessionOptions options)
      throws IOException, OrtException {
    super("piper");
    Path model = dir.resolve(voice + ".onnx");
    Path config = dir.resolve(voice + ".onnx.json");
    if (!Files.isRegularFile(model) || !Files.isRegularFile(config)) {
      throw new IOException("Piper voice '" + voice + "' needs " + model + " and " + config);
    }
    this.phonemizer = phonemizer;
    this.voiceName = voice;
    JsonNode json = new ObjectMapper().readTree(config.toFile());
    this.sampleRate = json.path("audio").path("sample_rate").asInt(22050);
    this.espeakVoice = json.path("espeak").path("voice").asText("en-us");
    JsonNode inference = json.path("inference");
    this.noiseScale = (float) inference.path("noise_scale").asDouble(0.667);
    this.lengthScale = (float) inference.path("length_scale").asDouble(1.0);
    this.noiseW = (float) inference.path("noise_w").asDouble(0.8);
    json.path("phoneme_id_map").fields().forEachRemaining(e -> {
      long[] values = new long[e.getValue().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = e.getValue().get(i).asLong();
      }
      ids.put(e.getKey().codePointAt(0), values);
    });
    for (String required : new String[] {"_", "^", "$"}) {
      if (!ids.containsKey(required.codePointAt(0))) {
        throw new IOException(config + ": phoneme_id_map lacks Piper's '" + required + "'");
      }
    }
    this.session = env.createSession(model.toString(), options);
    this.multiSpeaker = json.path("num_speakers").asInt(1) > 1;
    String language = espeakVoice;
    List<Voice> voices = new ArrayList<>();
    voices.add(new Voice(voice, voice + " (Piper)", language, "unknown", name(), "0"));
    if (multiSpeaker) {
      json.path("speaker_id_map").fields().forEachRemaining(e -> voices.add(new Voice(voice + "#" + e.getKey(),
          voice + " (" + e.getKey() + ")", language, "unknown", name(), String.valueOf(e.getValue().asInt()))));
    }
    loaded(sampleRate, voices);
  }

  /** Piper's id sequence: ^, then each phoneme followed by the pad, then $. Unknown symbols are skipped. */
  long[] phonemeIds(String phonemes) {
    List<Long> out = new ArrayList<>();
    add(out, '^');
    add(out, '_');
    phonemes.codePoints().forEach(cp -> {
      if (ids.containsKey(cp)) {
        add(out, cp);
        add(out, '_');
      }
    });
    add(out, '$');
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private void add(List<Long> out, int codePoint) {
    for (long id : ids.get(codePoint)) {
      out.add(id);
    }
  }

  @Override
  public void synthesize(String text, Voice voice, double speed, double pitch, Sink sink) {
    String phonemes = String.join(", ", phonemizer.phonemize(text, espeakVoice));
    String last = text.strip().isEmpty() ? "" : text.strip().substring(text.strip().length() - 1);
    if (".!?".contains(last) && !last.isEmpty()) {
      phonemes += last;
    }
    long[] sequence = phonemeIds(phonemes);
    float[] audio;
    try (OnnxTensor input = OnnxTensor.createTensor(env, new long[][] {sequence});
         OnnxTensor lengths = OnnxTensor.createTensor(env, new long[] {sequence.length});
         OnnxTensor scales = OnnxTensor.createTensor(env, new float[] {noiseScale, (float) (lengthScale / speed), noiseW})) {
      Map<String, OnnxTensor> inputs = new HashMap<>(Map.of("input", input, "input_lengths", lengths, "scales", scales));
      OnnxTensor sid = null;
      if (multiSpeaker) {
        sid = OnnxTensor.createTensor(env, new long[] {Long.parseLong(voice.spec())});
        inputs.put("sid", sid);
      }
      try (OrtSession.Result result = session.run(inputs)) {
        audio = ((float[][][][]) result.get(0).getValue())[0][0][0];
      } finally {
        if (sid != null) {
          sid.close();
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("piper inference failed: " + e.getMessage(), e);
    }
    estimateWords(text, audio.length, sink);
    for (int at = 0; at < audio.length; at += AUDIO_PIECE) {
      float[] piece = Arrays.copyOfRange(audio, at, Math.min(audio.length, at + AUDIO_PIECE));
      if (!sink.audio(piece)) {
        return;
      }
    }
  }

  /** Word starts spread over the audio in proportion to each word's letters. */
  private void estimateWords(String text, int samples, Sink sink) {
    Matcher m = Pattern.compile("[\\p{L}\\p{N}']+").matcher(text);
    List<int[]> words = new ArrayList<>();
    int letters = 0;
    while (m.find()) {
      words.add(new int[] {m.start(), m.end() - m.start()});
      letters += m.end() - m.start();
    }
    long totalMs = samples * 1000L / sampleRate;
    int before = 0;
    for (int[] w : words) {
      sink.word(w[0], w[1], totalMs * before / letters); // a word has letters: letters > 0 here
      before += w[1];
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing: nothing left to do
    }
  }

  /** The voice file name this engine serves. */
  public String voiceName() {
    return voiceName;
  }
}
