package dev.nexus.speech.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nexus.speech.engine.SpeechRecognizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whisper on ONNX Runtime, from the Hugging Face ONNX layout ({@code encoder_model.onnx} with either
 * {@code decoder_model_merged.onnx} (one graph, the cache branch chosen by {@code use_cache_branch}; preferred
 * when present, since it holds the decoder's weights once) or the pair {@code decoder_model.onnx} and
 * {@code decoder_with_past_model.onnx}, beside {@code config.json} and
 * {@code generation_config.json} or in their {@code onnx/} subfolder as the onnx-community repositories
 * have them) with Whisper's own mel filters and tokenizer. The log-mel features
 * and the tokenizer are plain Java ({@link LogMel}, {@link WhisperTokenizer}); the model calls are thin.
 * Decoding is greedy with a key/value cache, transcription without timestamps, Whisper's suppression
 * rules, and language detection when no language is given. One 30 s window per call.
 */
public final class WhisperRecognizer implements SpeechRecognizer {
  static final int FRAMES = 3000;

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession encoder;
  /** The first step's decoder, or the merged decoder (then {@link #decoderWithPast} is null). */
  private final OrtSession decoder;
  private final OrtSession decoderWithPast;
  private final boolean merged;
  private final int heads;
  private final int headDim;
  private final LogMel logMel;
  private final WhisperTokenizer tokenizer;
  private final int layers;
  private final int maxTokens;
  private final Set<Integer> suppress = new HashSet<>();
  private final Set<Integer> beginSuppress = new HashSet<>();
  private final boolean multilingual;

  /**
   * @param modelDir the ONNX model directory
   * @param assets Whisper's assets (mel_filters.npz, multilingual.tiktoken, gpt2.tiktoken)
   */
  public WhisperRecognizer(Path modelDir, Path assets, boolean cuda) throws IOException, OrtException {
    // the onnx-community repositories keep the graphs in onnx/ beside config.json
    Path graphs = Files.isRegularFile(modelDir.resolve("onnx/encoder_model.onnx")) ? modelDir.resolve("onnx") : modelDir;
    this.merged = Files.isRegularFile(graphs.resolve("decoder_model_merged.onnx"));
    List<Path> needed = merged
        ? List.of(graphs.resolve("encoder_model.onnx"), graphs.resolve("decoder_model_merged.onnx"),
            modelDir.resolve("config.json"))
        : List.of(graphs.resolve("encoder_model.onnx"), graphs.resolve("decoder_model.onnx"),
            graphs.resolve("decoder_with_past_model.onnx"), modelDir.resolve("config.json"));
    for (Path file : needed) {
      if (!Files.isRegularFile(file)) {
        throw new IOException("Whisper model incomplete: " + file + " is missing (a model needs encoder_model.onnx, "
            + "config.json, and decoder_model_merged.onnx or decoder_model.onnx with decoder_with_past_model.onnx)");
      }
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode config = json.readTree(modelDir.resolve("config.json").toFile());
    JsonNode generation = Files.isRegularFile(modelDir.resolve("generation_config.json"))
        ? json.readTree(modelDir.resolve("generation_config.json").toFile()) : json.createObjectNode();
    int mels = config.path("num_mel_bins").asInt(80);
    int vocabulary = config.path("vocab_size").asInt(51865);
    this.layers = config.path("decoder_layers").asInt();
    this.heads = config.path("decoder_attention_heads").asInt(6);
    this.headDim = config.path("d_model").asInt(384) / heads;
    this.maxTokens = Math.min(config.path("max_target_positions").asInt(448) / 2, 224);
    this.multilingual = vocabulary >= 51865;
    this.logMel = new LogMel(Npz.read(assets.resolve("mel_filters.npz")).get("mel_" + mels));
    this.tokenizer = new WhisperTokenizer(assets.resolve(multilingual ? "multilingual.tiktoken" : "gpt2.tiktoken"),
        vocabulary == 51866 ? 100 : 99);
    if (generation.has("suppress_tokens")) {
      generation.path("suppress_tokens").forEach(t -> suppress.add(t.asInt()));
    } else { // a model converted from an OpenAI checkpoint: Whisper's own default
      suppress.addAll(tokenizer.nonSpeechTokens());
    }
    generation.path("begin_suppress_tokens").forEach(t -> beginSuppress.add(t.asInt()));
    if (beginSuppress.isEmpty()) {
      beginSuppress.addAll(List.of(tokenizer.encode(" ")[0], tokenizer.endOfText()));
    }
    for (String special : List.of("<|translate|>", "<|transcribe|>", "<|startoftranscript|>", "<|startofprev|>",
        "<|startoflm|>", "<|nospeech|>", "<|notimestamps|>")) {
      suppress.add(tokenizer.special(special));
    }
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    if (cuda) {
      options.addCUDA(0);
    }
    encoder = env.createSession(graphs.resolve("encoder_model.onnx").toString(), options);
    if (merged) {
      decoder = env.createSession(graphs.resolve("decoder_model_merged.onnx").toString(), options);
      decoderWithPast = null;
    } else {
      decoder = env.createSession(graphs.resolve("decoder_model.onnx").toString(), options);
      decoderWithPast = env.createSession(graphs.resolve("decoder_with_past_model.onnx").toString(), options);
    }
  }

  @Override
  public String name() {
    return "whisper";
  }

  /** Any of the model's languages (an English-only model takes English only). */
  @Override
  public void checkLanguage(String language) {
    if (language == null || language.isBlank()) {
      return;
    }
    String code = language.toLowerCase(java.util.Locale.ROOT);
    if (!multilingual && !code.equals("en")) {
      throw new IllegalArgumentException("this Whisper model recognises English only (asked for '" + language + "')");
    }
    tokenizer.language(code); // throws for a language the model does not have
  }

  public WhisperTokenizer tokenizer() {
    return tokenizer;
  }

  /** The model's input: the log-mel features of the first 30 s, [1][bins][3000]. */
  public float[][][] features(float[] audio) {
    float[][] mel = logMel.compute(audio, LogMel.N_SAMPLES);
    float[][] window = new float[mel.length][FRAMES];
    for (int m = 0; m < mel.length; m++) {
      System.arraycopy(mel[m], 0, window[m], 0, FRAMES);
    }
    return new float[][][] {window};
  }

  /** The encoder's output for the features, [1][1500][d_model]. */
  public float[][][] encode(float[][][] features) throws OrtException {
    try (OnnxTensor input = OnnxTensor.createTensor(env, features);
         OrtSession.Result result = encoder.run(Map.of("input_features", input))) {
      return (float[][][]) result.get(0).getValue();
    }
  }

  /** The outcome of greedy decoding: the tokens after the prompt, and the logits that chose the first and the last. */
  public record Decoded(int[] prompt, int[] tokens, float[] firstLogits, float[] lastLogits) {
  }

  /** Greedy decoding after {@code prompt}, with the key/value cache, up to the end of text or the model's limit. */
  public Decoded decode(float[][][] states, int[] prompt) throws OrtException {
    return decode(states, prompt, maxTokens);
  }

  /** Greedy decoding of at most {@code limit} tokens, without timestamps. */
  public Decoded decode(float[][][] states, int[] prompt, int limit) throws OrtException {
    return decode(states, prompt, limit, false);
  }

  /**
   * Greedy decoding of at most {@code limit} tokens; with {@code timestamps}, Whisper's timestamp rules
   * apply (the prompt then has no {@code <|notimestamps|>}).
   */
  public Decoded decode(float[][][] states, int[] prompt, int limit, boolean timestamps) throws OrtException {
    List<Integer> tokens = new ArrayList<>();
    Map<String, OnnxTensor> past = new HashMap<>();
    float[] first = null;
    float[] last = null;
    float[] logits;
    OnnxTensor statesTensor = OnnxTensor.createTensor(env, states);
    try (OnnxTensor ids = OnnxTensor.createTensor(env, new long[][] {toLongs(prompt)});
         Closer call = firstStepInputs(ids, statesTensor);
         OrtSession.Result result = decoder.run(call.inputs)) {
      logits = lastRow(result);
      keep(result, past, true);
    } catch (OrtException | RuntimeException e) {
      statesTensor.close();
      throw e;
    }
    try {
      for (int step = 0; step < limit; step++) {
        if (first == null) {
          first = logits;
        }
        last = logits;
        int token = choose(logits, tokens, timestamps);
        if (token == tokenizer.endOfText()) {
          break;
        }
        tokens.add(token);
        if (step == limit - 1) {
          break;
        }
        Map<String, OnnxTensor> inputs = new HashMap<>(past);
        try (OnnxTensor ids = OnnxTensor.createTensor(env, new long[][] {{token}});
             OnnxTensor useCache = merged ? OnnxTensor.createTensor(env, new boolean[] {true}) : null) {
          inputs.put("input_ids", ids);
          if (merged) {
            inputs.put("encoder_hidden_states", statesTensor);
            inputs.put("use_cache_branch", useCache);
          }
          try (OrtSession.Result result = (merged ? decoder : decoderWithPast).run(inputs)) {
            logits = lastRow(result);
            closeDecoderEntries(past);
            keep(result, past, false);
          }
        }
      }
    } finally {
      past.values().forEach(OnnxTensor::close);
      statesTensor.close();
    }
    return new Decoded(prompt, tokens.stream().mapToInt(Integer::intValue).toArray(), first, last);
  }

  /** Tensors for one decoder call, closed together. */
  private static final class Closer implements AutoCloseable {
    final Map<String, OnnxTensor> inputs = new HashMap<>();
    final List<OnnxTensor> owned = new ArrayList<>();

    @Override
    public void close() {
      owned.forEach(OnnxTensor::close);
    }
  }

  /**
   * The first step's inputs: the prompt and the encoder's states; for the merged decoder also an empty cache
   * (sequence length 0) and {@code use_cache_branch = false}, as optimum's merged models expect.
   */
  private Closer firstStepInputs(OnnxTensor ids, OnnxTensor states) throws OrtException {
    Closer call = new Closer();
    call.inputs.put("input_ids", ids);
    call.inputs.put("encoder_hidden_states", states);
    if (!merged) {
      return call;
    }
    try {
      for (int i = 0; i < layers; i++) {
        for (String kind : List.of("decoder", "encoder")) {
          for (String part : List.of("key", "value")) {
            OnnxTensor empty = OnnxTensor.createTensor(env, java.nio.FloatBuffer.allocate(0),
                new long[] {1, heads, 0, headDim});
            call.owned.add(empty);
            call.inputs.put("past_key_values." + i + "." + kind + "." + part, empty);
          }
        }
      }
      OnnxTensor noCache = OnnxTensor.createTensor(env, new boolean[] {false});
      call.owned.add(noCache);
      call.inputs.put("use_cache_branch", noCache);
      return call;
    } catch (OrtException | RuntimeException e) {
      call.close();
      throw e;
    }
  }

  private static float[] lastRow(OrtSession.Result result) throws OrtException {
    float[][][] logits = (float[][][]) result.get("logits").get().getValue();
    return logits[0][logits[0].length - 1];
  }

  /** Copies the presents of a result into the next step's past (the decoder's; the encoder's too at first). */
  private void keep(OrtSession.Result result, Map<String, OnnxTensor> past, boolean withEncoder) throws OrtException {
    for (int i = 0; i < layers; i++) {
      for (String kind : withEncoder ? List.of("decoder", "encoder") : List.of("decoder")) {
        for (String part : List.of("key", "value")) {
          float[][][][] value = (float[][][][]) result.get("present." + i + "." + kind + "." + part).get().getValue();
          past.put("past_key_values." + i + "." + kind + "." + part, OnnxTensor.createTensor(env, value));
        }
      }
    }
  }

  private static void closeDecoderEntries(Map<String, OnnxTensor> past) {
    past.entrySet().removeIf(e -> {
      if (e.getKey().contains(".decoder.")) {
        e.getValue().close();
        return true;
      }
      return false;
    });
  }

  /**
   * The next token under Whisper's rules: no special token, no blank start; without timestamps no
   * timestamp token; with timestamps, Whisper's ApplyTimestampRules (timestamps in pairs except before
   * the end, never decreasing, the first within 1 s, and a timestamp whenever their total probability
   * beats every text token).
   */
  int choose(float[] raw, List<Integer> sampled, boolean timestamps) {
    double[] logits = new double[raw.length];
    for (int t = 0; t < raw.length; t++) {
      logits[t] = raw[t];
    }
    for (int t : suppress) {
      if (t < logits.length) {
        logits[t] = Double.NEGATIVE_INFINITY;
      }
    }
    if (sampled.isEmpty()) {
      for (int t : beginSuppress) {
        logits[t] = Double.NEGATIVE_INFINITY;
      }
    }
    int begin = tokenizer.timestampBegin();
    int eot = tokenizer.endOfText();
    if (!timestamps) {
      mask(logits, begin, logits.length);
    } else {
      int n = sampled.size();
      boolean lastWasTimestamp = n >= 1 && sampled.get(n - 1) >= begin;
      boolean penultimateWasTimestamp = n < 2 || sampled.get(n - 2) >= begin;
      if (lastWasTimestamp) {
        if (penultimateWasTimestamp) {
          mask(logits, begin, logits.length);
        } else {
          mask(logits, 0, eot);
        }
      }
      int lastTimestamp = -1;
      for (int t : sampled) {
        if (t >= begin) {
          lastTimestamp = t;
        }
      }
      if (lastTimestamp >= 0) {
        mask(logits, begin, lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1);
      }
      if (sampled.isEmpty()) {
        mask(logits, 0, begin);
        mask(logits, begin + 51, logits.length); // the first timestamp within 1.0 s
      }
      if (logSumExp(logits, begin, logits.length) > max(logits, 0, begin)) {
        mask(logits, 0, begin);
      }
    }
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < logits.length; t++) {
      if (logits[t] > bestValue) {
        bestValue = logits[t];
        best = t;
      }
    }
    return best;
  }

  private static void mask(double[] logits, int from, int to) {
    java.util.Arrays.fill(logits, Math.max(0, from), Math.min(logits.length, Math.max(from, to)), Double.NEGATIVE_INFINITY);
  }

  private static double max(double[] logits, int from, int to) {
    double m = Double.NEGATIVE_INFINITY;
    for (int t = from; t < to; t++) {
      m = Math.max(m, logits[t]);
    }
    return m;
  }

  /** log(sum(exp(x))) over a range, stable; the log-softmax normaliser cancels in the comparison. */
  private static double logSumExp(double[] logits, int from, int to) {
    double m = max(logits, from, to);
    if (m == Double.NEGATIVE_INFINITY) {
      return m;
    }
    double sum = 0;
    for (int t = from; t < to; t++) {
      sum += Math.exp(logits[t] - m);
    }
    return m + Math.log(sum);
  }

  /** Segments from a timestamped token sequence: text between a pair of timestamps, offset by {@code offsetMs}. */
  public List<Segment> segments(int[] tokens, long offsetMs) {
    List<Segment> out = new ArrayList<>();
    int begin = tokenizer.timestampBegin();
    long start = -1;
    List<Integer> text = new ArrayList<>();
    for (int t : tokens) {
      if (t >= begin) {
        long ms = (t - begin) * 20L + offsetMs;
        if (start < 0) {
          start = ms;
        } else {
          String words = tokenizer.decodeText(text.stream().mapToInt(Integer::intValue).toArray()).trim();
          if (!words.isEmpty()) {
            out.add(new Segment(words, start, ms));
          }
          text.clear();
          start = ms;
        }
      } else {
        text.add(t);
      }
    }
    if (!text.isEmpty() && start >= 0) {
      String words = tokenizer.decodeText(text.stream().mapToInt(Integer::intValue).toArray()).trim();
      if (!words.isEmpty()) {
        out.add(new Segment(words, start, Math.max(start, offsetMs + 30_000)));
      }
    }
    return out;
  }

  /** The most likely language of the audio, from the logits after the start-of-transcript token. */
  public String detectLanguage(float[][][] states) throws OrtException {
    try (OnnxTensor statesTensor = OnnxTensor.createTensor(env, states);
         OnnxTensor ids = OnnxTensor.createTensor(env, new long[][] {{tokenizer.startOfTranscript()}});
         OrtSession.Result result = decoder.run(Map.of("input_ids", ids, "encoder_hidden_states", statesTensor))) {
      float[] logits = lastRow(result);
      String best = "en";
      float bestValue = Float.NEGATIVE_INFINITY;
      for (String code : WhisperTokenizer.LANGUAGES) {
        int id;
        try {
          id = tokenizer.language(code);
        } catch (IllegalArgumentException e) {
          continue; // a code past this model's languages
        }
        if (logits[id] > bestValue) {
          bestValue = logits[id];
          best = code;
        }
      }
      return best;
    }
  }

  /** The prompt: start of transcript, language, transcribe, no timestamps (English-only models: no language). */
  public int[] prompt(String language) {
    return prompt(language, false);
  }

  /** The prompt, with or without {@code <|notimestamps|>}. */
  public int[] prompt(String language, boolean timestamps) {
    List<Integer> ids = new ArrayList<>(List.of(tokenizer.startOfTranscript()));
    if (multilingual) {
      ids.add(tokenizer.language(language));
      ids.add(tokenizer.transcribe());
    }
    if (!timestamps) {
      ids.add(tokenizer.noTimestamps());
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Transcribes window by window (30 s each); the language is detected on the first when none is given. */
  @Override
  public Transcript transcribe(float[] samples, String language) {
    try {
      StringBuilder text = new StringBuilder();
      List<Segment> segments = new ArrayList<>();
      checkLanguage(language);
      String lang = language == null || language.isBlank() ? null : language.toLowerCase(java.util.Locale.ROOT);
      for (int at = 0; at < Math.max(1, samples.length); at += LogMel.N_SAMPLES) {
        float[] window = java.util.Arrays.copyOfRange(samples, at, Math.min(samples.length, at + LogMel.N_SAMPLES));
        float[][][] states = encode(features(window));
        if (lang == null) {
          lang = multilingual ? detectLanguage(states) : "en";
        }
        int[] tokens = decode(states, prompt(lang, true), maxTokens, true).tokens();
        String piece = tokenizer.decodeText(tokens).trim();
        if (!piece.isEmpty()) {
          text.append(text.length() > 0 ? " " : "").append(piece);
        }
        segments.addAll(segments(tokens, at * 1000L / 16000));
      }
      return new Transcript(text.toString(), List.of(), lang, segments);
    } catch (OrtException e) {
      throw new IllegalStateException("whisper inference failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Session start(String language) {
    return new Session() {
      private final List<float[]> pieces = new ArrayList<>();
      private int length;

      @Override
      public void accept(float[] samples) {
        pieces.add(samples);
        length += samples.length;
      }

      @Override
      public String partial() {
        return length == 0 ? "" : transcribe(joined(), language).text();
      }

      @Override
      public Transcript finish() {
        Transcript t = length == 0 ? new Transcript("", List.of(), "en", List.of()) : transcribe(joined(), language);
        pieces.clear();
        length = 0;
        return t;
      }

      private float[] joined() {
        float[] all = new float[length];
        int at = 0;
        for (float[] p : pieces) {
          System.arraycopy(p, 0, all, at, p.length);
          at += p.length;
        }
        return all;
      }

      @Override
      public void close() {
        pieces.clear();
      }
    };
  }

  private static long[] toLongs(int[] ids) {
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i];
    }
    return out;
  }

  @Override
  public void close() {
    try {
      encoder.close();
      decoder.close();
      if (decoderWithPast != null) {
        decoderWithPast.close();
      }
    } catch (OrtException e) {
      // closing
    }
  }
}
