package dev.nexus.speech.whisper;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nexus.speech.engine.BatchPolicy;
import dev.nexus.speech.engine.Batcher;
import dev.nexus.speech.engine.SpeechRecognizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whisper on ONNX Runtime, from the Hugging Face ONNX layout ({@code encoder_model.onnx} with either
 * {@code decoder_model_merged.onnx} (one graph, the cache branch chosen by {@code use_cache_branch}; preferred
 * when present, since it holds the decoder's weights once) or the pair {@code decoder_model.onnx} and
 * {@code decoder_with_past_model.onnx}, beside {@code config.json} and
 * {@code generation_config.json} or in their {@code onnx/} subfolder as the onnx-community repositories
 * have them) with Whisper's own mel filters and tokenizer. The log-mel features
 * and the tokenizer are plain Java ({@link LogMel}, {@link WhisperTokenizer}); the model calls are thin.
 * Decoding is greedy with a key/value cache, transcription without timestamps, Whisper's suppression
 * rules, and language detection when no language is given. One 30 s window per model call; with batching on,
 * concurrent sessions' windows share the calls: encoded together, their languages detected together, and decoded in
 * lockstep ({@link #transcribeWindows}).
 */
public final class WhisperRecognizer implements SpeechRecognizer {
  static final int FRAMES = 3000;
  private static final Logger LOG = LoggerFactory.getLogger(WhisperRecognizer.class);

  private final WhisperGraphs graphs;
  private final LogMel logMel;
  private final WhisperTokenizer tokenizer;
  private final TokenRules rules;
  private final int maxTokens;
  private final boolean multilingual;
  /** Null when batching is off. */
  private final Batcher<Window, WindowResult> batcher;

  /** The model on the CPU with ONNX Runtime's default session options. */
  public WhisperRecognizer(Path modelDir, Path assets) throws IOException, OrtException {
    this(modelDir, assets, new OrtSession.SessionOptions());
  }

  /** The model with the given session options, each window decoded alone. */
  public WhisperRecognizer(Path modelDir, Path assets, OrtSession.SessionOptions options)
      throws IOException, OrtException {
    this(modelDir, assets, options, BatchPolicy.OFF);
  }

  /**
   * @param modelDir the ONNX model directory
   * @param assets Whisper's assets (mel_filters.npz, multilingual.tiktoken, gpt2.tiktoken)
   * @param options the sessions' options: device and threads ({@link dev.nexus.capability.OnnxSessions})
   * @param batching how concurrent sessions' windows are gathered into one model call
   */
  public WhisperRecognizer(Path modelDir, Path assets, OrtSession.SessionOptions options, BatchPolicy batching)
      throws IOException, OrtException {
    // the onnx-community repositories keep the graphs in onnx/ beside config.json
    Path graphs = Files.isRegularFile(modelDir.resolve("onnx/encoder_model.onnx")) ? modelDir.resolve("onnx") : modelDir;
    boolean merged = Files.isRegularFile(graphs.resolve("decoder_model_merged.onnx"));
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
    int layers = config.path("decoder_layers").asInt();
    int heads = config.path("decoder_attention_heads").asInt(6);
    int headDim = config.path("d_model").asInt(384) / heads;
    this.maxTokens = Math.min(config.path("max_target_positions").asInt(448) / 2, 224);
    this.multilingual = vocabulary >= 51865;
    this.logMel = new LogMel(Npz.read(assets.resolve("mel_filters.npz")).get("mel_" + mels));
    this.tokenizer = new WhisperTokenizer(assets.resolve(multilingual ? "multilingual.tiktoken" : "gpt2.tiktoken"),
        vocabulary == 51866 ? 100 : 99);
    Set<Integer> suppress = new HashSet<>();
    Set<Integer> beginSuppress = new HashSet<>();
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
    this.rules = new TokenRules(suppress, beginSuppress, tokenizer.timestampBegin(), tokenizer.endOfText());
    this.graphs = new WhisperGraphs(graphs, merged, layers, heads, headDim, options);
    boolean batchable = this.graphs.batchable();
    if (batching.on() && !batchable) {
      LOG.warn("Whisper model {} takes one window per call (exported before batching): max-batch {} has no effect; "
          + "pull or export it again to batch", modelDir, batching.maxBatch());
    }
    this.batcher = batching.on() && batchable ? new Batcher<>(batching, this::transcribeWindows) : null;
  }

  /** The mean number of windows a model call has taken with batching on (0 when off or before the first). */
  public double meanBatch() {
    return batcher == null ? 0 : batcher.meanBatch();
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
    String code = language.toLowerCase(Locale.ROOT);
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
    return graphs.encode(features);
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
    return graphs.decode(states, new int[][] {prompt}, new int[] {limit}, timestamps, rules).get(0);
  }

  /**
   * One 30 s window to transcribe: its log-mel features, [bins][3000], its language (null: detect it), and the most
   * tokens to decode.
   */
  public record Window(float[][] features, String language, int limit) {
  }

  /** A window's outcome: its language (as given or detected) and its tokens, timestamps included. */
  public record WindowResult(String language, int[] tokens) {
  }

  /**
   * Transcribes windows in one batch: one encoder call for all, one language-detection call for those without a
   * language, and greedy decoding in lockstep with timestamps. Each window's tokens are those it gets alone.
   */
  public List<WindowResult> transcribeWindows(List<Window> windows) {
    try {
      float[][][] features = windows.stream().map(Window::features).toArray(float[][][]::new);
      float[][][] states = graphs.encode(features);
      String[] languages = windows.stream().map(Window::language).toArray(String[]::new);
      List<Integer> unknown = new ArrayList<>();
      for (int r = 0; r < languages.length; r++) {
        if (languages[r] == null) {
          unknown.add(r);
        }
      }
      if (!unknown.isEmpty() && multilingual) {
        String[] detected = detectLanguages(unknown.stream().map(r -> states[r]).toArray(float[][][]::new));
        for (int i = 0; i < detected.length; i++) {
          languages[unknown.get(i)] = detected[i];
        }
      }
      int[][] prompts = new int[languages.length][];
      int[] limits = new int[languages.length];
      for (int r = 0; r < languages.length; r++) {
        languages[r] = languages[r] == null ? "en" : languages[r];
        prompts[r] = prompt(languages[r], true);
        limits[r] = windows.get(r).limit();
      }
      List<Decoded> decoded = graphs.decode(states, prompts, limits, true, rules);
      List<WindowResult> out = new ArrayList<>();
      for (int r = 0; r < languages.length; r++) {
        out.add(new WindowResult(languages[r], decoded.get(r).tokens()));
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("whisper inference failed: " + e.getMessage(), e);
    }
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
    return detectLanguages(states)[0];
  }

  /** The most likely language of each row of encoder states. */
  private String[] detectLanguages(float[][][] states) throws OrtException {
    float[][] logits = graphs.logitsAfter(states, tokenizer.startOfTranscript());
    String[] out = new String[logits.length];
    for (int r = 0; r < logits.length; r++) {
      String best = "en";
      float bestValue = Float.NEGATIVE_INFINITY;
      for (String code : WhisperTokenizer.LANGUAGES) {
        int id;
        try {
          id = tokenizer.language(code);
        } catch (IllegalArgumentException e) {
          continue; // a code past this model's languages
        }
        if (logits[r][id] > bestValue) {
          bestValue = logits[r][id];
          best = code;
        }
      }
      out[r] = best;
    }
    return out;
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

  /**
   * Transcribes window by window (30 s each); the language is detected on the first when none is given. With
   * batching on, each window waits to share its model calls with other sessions' windows.
   */
  @Override
  public Transcript transcribe(float[] samples, String language) {
    StringBuilder text = new StringBuilder();
    List<Segment> segments = new ArrayList<>();
    checkLanguage(language);
    String lang = language == null || language.isBlank() ? null : language.toLowerCase(Locale.ROOT);
    if (lang == null && !multilingual) {
      lang = "en";
    }
    for (int at = 0; at < Math.max(1, samples.length); at += LogMel.N_SAMPLES) {
      float[] audio = Arrays.copyOfRange(samples, at, Math.min(samples.length, at + LogMel.N_SAMPLES));
      Window window = new Window(features(audio)[0], lang, maxTokens);
      WindowResult result = batcher == null ? transcribeWindows(List.of(window)).get(0) : batcher.call(window);
      lang = result.language();
      String piece = tokenizer.decodeText(result.tokens()).trim();
      if (!piece.isEmpty()) {
        text.append(text.length() > 0 ? " " : "").append(piece);
      }
      segments.addAll(segments(result.tokens(), at * 1000L / 16000));
    }
    return new Transcript(text.toString(), List.of(), lang, segments);
  }

  @Override
  public Session start(String language) {
    return new WhisperSession(this, language);
  }

  @Override
  public void close() {
    graphs.close();
  }
}
