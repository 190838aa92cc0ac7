package dev.nexus.speech.whisper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whisper's ONNX graphs, thinly called: the encoder, and the decoder either merged (one graph, the cache
 * branch chosen by {@code use_cache_branch}) or as the pair {@code decoder_model} / {@code decoder_with_past_model};
 * and the greedy decoding loop that carries the key/value cache from step to step.
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

  /** The encoder's output for the features, [1][1500][d_model]. */
  float[][][] encode(float[][][] features) throws OrtException {
    try (OnnxTensor input = OnnxTensor.createTensor(env, features);
         OrtSession.Result result = encoder.run(Map.of("input_features", input))) {
      return (float[][][]) result.get(0).getValue();
    }
  }

  /** The decoder's logits after one token, without a cache (language detection). */
  float[] logitsAfter(float[][][] states, int token) throws OrtException {
    try (OnnxTensor statesTensor = OnnxTensor.createTensor(env, states);
         OnnxTensor ids = OnnxTensor.createTensor(env, new long[][] {{token}});
         OrtSession.Result result = decoder.run(Map.of("input_ids", ids, "encoder_hidden_states", statesTensor))) {
      return lastRow(result);
    }
  }

  /** Greedy decoding of at most {@code limit} tokens after {@code prompt}, each chosen by {@code rules}. */
  WhisperRecognizer.Decoded decode(float[][][] states, int[] prompt, int limit, boolean timestamps, TokenRules rules)
      throws OrtException {
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
        int token = rules.choose(logits, tokens, timestamps);
        if (token == rules.endOfText()) {
          break;
        }
        tokens.add(token);
        if (step == limit - 1) {
          break;
        }
        logits = step(token, statesTensor, past);
      }
    } finally {
      past.values().forEach(OnnxTensor::close);
      statesTensor.close();
    }
    return new WhisperRecognizer.Decoded(prompt, tokens.stream().mapToInt(Integer::intValue).toArray(), first, last);
  }

  /** One cached decoder step: the next token's logits; the cache moves on by one. */
  private float[] step(int token, OnnxTensor statesTensor, Map<String, OnnxTensor> past) throws OrtException {
    Map<String, OnnxTensor> inputs = new HashMap<>(past);
    try (OnnxTensor ids = OnnxTensor.createTensor(env, new long[][] {{token}});
         OnnxTensor useCache = merged ? OnnxTensor.createTensor(env, new boolean[] {true}) : null) {
      inputs.put("input_ids", ids);
      if (merged) {
        inputs.put("encoder_hidden_states", statesTensor);
        inputs.put("use_cache_branch", useCache);
      }
      try (OrtSession.Result result = (merged ? decoder : decoderWithPast).run(inputs)) {
        float[] logits = lastRow(result);
        closeDecoderEntries(past);
        keep(result, past, false);
        return logits;
      }
    }
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
            OnnxTensor empty = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {1, heads, 0, headDim});
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
