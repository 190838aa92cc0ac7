package dev.nexus.speech.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whisper's ONNX graphs, thinly called: the encoder, and the decoder either merged (one graph, the cache
 * branch chosen by {@code use_cache_branch}) or as the pair {@code decoder_model} / {@code decoder_with_past_model};
 * and the greedy decoding loop that carries the key/value cache from step to step, for one window or a batch of them.
 */
final class WhisperGraphs implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession encoder;
  /** The first step's decoder, or the merged decoder (then {@link #decoderWithPast} is null). */
  private final OrtSession decoder;
  private final OrtSession decoderWithPast;
  private final boolean merged;
  private final int layers;
  private final int heads;
  private final int headDim;

  /**
   * @param graphs the folder of the {@code .onnx} files
   * @param merged whether to load {@code decoder_model_merged.onnx} rather than the pair
   */
  WhisperGraphs(Path graphs, boolean merged, int layers, int heads, int headDim, OrtSession.SessionOptions options)
      throws OrtException {
    this.merged = merged;
    this.layers = layers;
    this.heads = heads;
    this.headDim = headDim;
    encoder = env.createSession(graphs.resolve("encoder_model.onnx").toString(), options);
    OrtSession first = null;
    try {
      first = env.createSession(graphs.resolve(merged ? "decoder_model_merged.onnx" : "decoder_model.onnx").toString(),
          options);
      decoderWithPast = merged ? null
          : env.createSession(graphs.resolve("decoder_with_past_model.onnx").toString(), options);
    } catch (OrtException | RuntimeException e) { // a graph that cannot load on this device: release the others
      closeQuietly(encoder);
      closeQuietly(first);
      throw e;
    }
    decoder = first;
  }

  /**
   * Whether the graphs take more than one window per call: the decoder's batch dimension is symbolic. Models exported
   * before the exporter named it hold a batch of exactly one.
   */
  boolean batchable() throws OrtException {
    return decoder.getInputInfo().get("input_ids").getInfo() instanceof TensorInfo ids && ids.getShape()[0] < 0
        && encoder.getInputInfo().get("input_features").getInfo() instanceof TensorInfo features
        && features.getShape()[0] < 0;
  }

  /** The encoder's output for the features, [1][1500][d_model]. */
  float[][][] encode(float[][][] features) throws OrtException {
    try (OnnxTensor input = OnnxTensor.createTensor(env, features);
         OrtSession.Result result = encoder.run(Map.of("input_features", input))) {
      return (float[][][]) result.get(0).getValue();
    }
  }

  /** The decoder's logits after one token for each row of states, without a cache (language detection). */
  float[][] logitsAfter(float[][][] states, int token) throws OrtException {
    long[][] tokens = new long[states.length][];
    Arrays.setAll(tokens, r -> new long[] {token});
    try (OnnxTensor statesTensor = FlatTensor.of(states).tensor(env);
         OnnxTensor ids = OnnxTensor.createTensor(env, tokens);
         Closer call = firstStepInputs(ids, statesTensor, states.length);
         OrtSession.Result result = decoder.run(call.inputs)) {
      return lastRows(result);
    }
  }

  /**
   * Greedy decoding of several windows in lockstep, one batch row each: row {@code r} decodes at most
   * {@code limits[r]} tokens after {@code prompts[r]} from {@code states[r]}, each chosen by {@code rules}. The prompts
   * must be equally long (the graphs have no attention mask to pad with). A row that reaches the end of text or its
   * limit leaves the batch; the others go on with a smaller one. A batch of one is plain greedy decoding.
   */
  List<WhisperRecognizer.Decoded> decode(float[][][] states, int[][] prompts, int[] limits, boolean timestamps,
      TokenRules rules) throws OrtException {
    int n = prompts.length;
    if (n == 0 || states.length != n || limits.length != n
        || Arrays.stream(prompts).anyMatch(p -> p.length != prompts[0].length)) {
      throw new IllegalArgumentException("a batch needs one state, limit and prompt of equal length per row");
    }
    List<List<Integer>> tokens = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      tokens.add(new ArrayList<>());
    }
    float[][] first = new float[n][];
    float[][] last = new float[n][];
    Rows rows = new Rows(states);
    float[][] logits;
    long[][] ids = new long[n][];
    Arrays.setAll(ids, r -> toLongs(prompts[r]));
    try (OnnxTensor idsTensor = OnnxTensor.createTensor(env, ids);
         OnnxTensor statesTensor = rows.states.tensor(env);
         Closer call = firstStepInputs(idsTensor, statesTensor, n);
         OrtSession.Result result = decoder.run(call.inputs)) {
      logits = lastRows(result);
      rows.keep(result, true);
    }
    try {
      while (true) {
        List<Integer> going = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        for (int i = 0; i < rows.active.length; i++) {
          int r = rows.active[i];
          if (tokens.get(r).size() >= limits[r]) {
            continue;
          }
          if (first[r] == null) {
            first[r] = logits[i];
          }
          last[r] = logits[i];
          int token = rules.choose(logits[i], tokens.get(r), timestamps);
          if (token == rules.endOfText()) {
            continue;
          }
          tokens.get(r).add(token);
          if (tokens.get(r).size() < limits[r]) {
            going.add(i);
            next.add(token);
          }
        }
        if (going.isEmpty()) {
          break;
        }
        rows.keepOnly(going);
        logits = step(next, rows);
      }
    } finally {
      rows.close();
    }
    List<WhisperRecognizer.Decoded> out = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      out.add(new WhisperRecognizer.Decoded(prompts[r], tokens.get(r).stream().mapToInt(Integer::intValue).toArray(),
          first[r], last[r]));
    }
    return out;
  }

  /** One cached decoder step for the rows still decoding: their next tokens' logits; the cache moves on by one. */
  private float[][] step(List<Integer> tokens, Rows rows) throws OrtException {
    long[][] ids = new long[tokens.size()][];
    Arrays.setAll(ids, i -> new long[] {tokens.get(i)});
    try (Closer call = new Closer()) {
      call.inputs.putAll(rows.fixedTensors(merged));
      for (Map.Entry<String, FlatTensor> e : rows.past.entrySet()) {
        call.put(e.getKey(), e.getValue().tensor(env));
      }
      call.put("input_ids", OnnxTensor.createTensor(env, ids));
      if (merged) {
        call.put("use_cache_branch", OnnxTensor.createTensor(env, new boolean[] {true}));
      }
      try (OrtSession.Result result = (merged ? decoder : decoderWithPast).run(call.inputs)) {
        rows.keep(result, false);
        return lastRows(result);
      }
    }
  }

  /**
   * The rows of a batch still decoding, and their cache: the decoder's own past (new every step) and what stays fixed
   * for the whole decode (the encoder's states and the cross-attention past), as arrays from which the tensors of the
   * rows still going are made, again only when a row leaves.
   */
  private final class Rows implements AutoCloseable {
    int[] active;
    final Map<String, FlatTensor> past = new HashMap<>();
    private FlatTensor states;
    private final Map<String, FlatTensor> fixed = new HashMap<>();
    private Map<String, OnnxTensor> fixedTensors;

    Rows(float[][][] states) {
      this.states = FlatTensor.of(states);
      this.active = new int[states.length];
      Arrays.setAll(active, i -> i);
    }

    /** Copies the presents of a result into the next step's past (the decoder's; the encoder's too at first). */
    void keep(OrtSession.Result result, boolean withEncoder) throws OrtException {
      for (int i = 0; i < layers; i++) {
        for (String kind : withEncoder ? List.of("decoder", "encoder") : List.of("decoder")) {
          for (String part : List.of("key", "value")) {
            FlatTensor value = FlatTensor.of((OnnxTensor) result.get("present." + i + "." + kind + "." + part).get());
            (kind.equals("encoder") ? fixed : past).put("past_key_values." + i + "." + kind + "." + part, value);
          }
        }
      }
    }

    /** Keeps the rows at these positions of the current batch, in order. */
    void keepOnly(List<Integer> positions) {
      if (positions.size() == active.length) {
        return;
      }
      int[] kept = positions.stream().mapToInt(i -> active[i]).toArray();
      past.replaceAll((name, value) -> value.rows(positions));
      fixed.replaceAll((name, value) -> value.rows(positions));
      states = states.rows(positions);
      active = kept;
      closeFixed();
    }

    /** The tensors that stay the same from step to step, for the rows still going. */
    Map<String, OnnxTensor> fixedTensors(boolean withStates) throws OrtException {
      if (fixedTensors == null) {
        fixedTensors = new HashMap<>();
        for (Map.Entry<String, FlatTensor> e : fixed.entrySet()) {
          fixedTensors.put(e.getKey(), e.getValue().tensor(env));
        }
        if (withStates) {
          fixedTensors.put("encoder_hidden_states", states.tensor(env));
        }
      }
      return fixedTensors;
    }

    private void closeFixed() {
      if (fixedTensors != null) {
        fixedTensors.values().forEach(OnnxTensor::close);
        fixedTensors = null;
      }
    }

    @Override
    public void close() {
      closeFixed();
    }
  }

  /** Tensors for one decoder call, closed together (the ones it owns; borrowed inputs stay open). */
  private static final class Closer implements AutoCloseable {
    final Map<String, OnnxTensor> inputs = new HashMap<>();
    final List<OnnxTensor> owned = new ArrayList<>();

    void put(String name, OnnxTensor tensor) {
      owned.add(tensor);
      inputs.put(name, tensor);
    }

    @Override
    public void close() {
      owned.forEach(OnnxTensor::close);
    }
  }

  /**
   * The first step's inputs: the prompts and the encoder's states; for the merged decoder also an empty cache
   * (sequence length 0) and {@code use_cache_branch = false}, as optimum's merged models expect.
   */
  private Closer firstStepInputs(OnnxTensor ids, OnnxTensor states, int batch) throws OrtException {
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
            call.put("past_key_values." + i + "." + kind + "." + part,
                OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {batch, heads, 0, headDim}));
          }
        }
      }
      call.put("use_cache_branch", OnnxTensor.createTensor(env, new boolean[] {false}));
      return call;
    } catch (OrtException | RuntimeException e) {
      call.close();
      throw e;
    }
  }

  /** The logits of each row's last position. */
  private static float[][] lastRows(OrtSession.Result result) throws OrtException {
    float[][][] logits = (float[][][]) result.get("logits").get().getValue();
    float[][] out = new float[logits.length][];
    Arrays.setAll(out, r -> logits[r][logits[r].length - 1]);
    return out;
  }

  private static void closeQuietly(OrtSession session) {
    try {
      if (session != null) {
        session.close();
      }
    } catch (OrtException e) {
      // releasing after a failure: the failure is what counts
    }
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
