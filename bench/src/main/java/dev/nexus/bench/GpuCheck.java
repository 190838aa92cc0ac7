package dev.nexus.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nexus.capability.DevicePolicy;
import dev.nexus.capability.OnnxSessions;
import dev.nexus.capability.Placement;
import dev.nexus.knowledge.Embedder;
import dev.nexus.speech.vad.SileroVad;
import dev.nexus.speech.whisper.WhisperRecognizer;
import dev.nexus.synthesis.engine.SpeechSynthesizer;
import dev.nexus.synthesis.espeak.EspeakSynthesizer;
import dev.nexus.synthesis.piper.PiperSynthesizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every ONNX engine on CUDA and on the CPU, through the device policy the server uses ({@link OnnxSessions}): the
 * same inputs on both, the largest difference of their outputs against a tolerance, and the speedup. Run by
 * scripts/gpu-check.sh with the {@code -Pcuda} jar on the class path; exits 1 when an output disagrees and 2 when an
 * engine could not be placed on the GPU (the reason is printed).
 *
 * <p>Arguments: the tiny test models' folder (src/test/resources/models), then any further Whisper model folders
 * (the real-size shaped ones of scripts/make_whisper_shaped.py).
 */
public final class GpuCheck {
  static final double TOLERANCE = Double.parseDouble(System.getProperty("tolerance", "1e-3"));
  static final int REPEATS = 5;
  private static boolean disagreed;
  private static boolean notOnGpu;

  private GpuCheck() {
  }

  /** One engine loaded on one device: what it computes for the check's input, flattened. */
  interface Engine extends AutoCloseable {
    float[] run() throws Exception;

    @Override
    default void close() throws Exception {
    }
  }

  interface Loader {
    Engine load(DevicePolicy policy, List<Placement> placed) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path models = Path.of(args.length > 0 ? args[0] : "src/test/resources/models");
    System.out.println("| engine | CPU | CUDA | speedup | max abs difference | agree (≤ " + TOLERANCE + ") |");
    System.out.println("|---|---|---|---|---|---|");
    check("silero-vad", (policy, placed) -> vad(policy, placed));
    check("whisper (tiny random)", (policy, placed) -> whisper(models.resolve("whisper-tiny-random"), policy, placed));
    for (int i = 1; i < args.length; i++) {
      Path dir = Path.of(args[i]);
      check("whisper (" + dir.getFileName() + ")", (policy, placed) -> whisper(dir, policy, placed));
    }
    check("piper (tiny random, no noise)", (policy, placed) -> piper(models.resolve("piper"), policy, placed));
    check("minilm", (policy, placed) -> minilm(policy, placed));
    System.exit(notOnGpu ? 2 : disagreed ? 1 : 0);
  }

  static void check(String name, Loader loader) throws Exception {
    List<Placement> placed = new ArrayList<>();
    float[] cpu;
    float[] gpu;
    double cpuSeconds;
    double gpuSeconds;
    try (Engine engine = loader.load(DevicePolicy.cpu(2), placed)) {
      cpu = engine.run();
      cpuSeconds = time(engine);
    }
    try (Engine engine = loader.load(new DevicePolicy("cuda:0", 0, 2, 2), placed)) {
      gpu = engine.run();
      gpuSeconds = time(engine);
    }
    Placement onGpu = placed.get(placed.size() - 1);
    if (onGpu.fallbackReason() != null) {
      notOnGpu = true;
      System.out.println("| " + name + " | not on the GPU: " + onGpu.fallbackReason() + " | | | | |");
    }
    double diff = cpu.length == gpu.length ? 0 : Double.POSITIVE_INFINITY;
    for (int i = 0; i < Math.min(cpu.length, gpu.length); i++) {
      diff = Math.max(diff, Math.abs(cpu[i] - gpu[i]));
    }
    boolean agree = diff <= TOLERANCE;
    disagreed |= !agree;
    System.out.printf(Locale.ROOT, "| %s | %.2f ms | %.2f ms (%s) | %.1f× | %.2e | %s |%n", name, cpuSeconds * 1e3,
        gpuSeconds * 1e3, onGpu.provider(), cpuSeconds / gpuSeconds, diff, agree ? "yes" : "NO");
  }

  static double time(Engine engine) throws Exception {
    engine.run(); // warm-up
    long start = System.nanoTime();
    for (int i = 0; i < REPEATS; i++) {
      engine.run();
    }
    return (System.nanoTime() - start) / 1e9 / REPEATS;
  }

  static Engine vad(DevicePolicy policy, List<Placement> placed) throws Exception {
    OnnxSessions.Placed<SileroVad> vad = OnnxSessions.place("silero-vad", policy,
        options -> new SileroVad(BenchModels.resolve("silero_vad.onnx"), options));
    placed.add(vad.placement());
    float[] audio = WhisperScale.signal(1);
    return new Engine() {
      @Override
      public float[] run() {
        SileroVad.Stream stream = vad.engine().stream();
        float[] out = new float[audio.length / SileroVad.FRAME];
        for (int i = 0; i < out.length; i++) {
          float[] frame = new float[SileroVad.FRAME];
          System.arraycopy(audio, i * SileroVad.FRAME, frame, 0, SileroVad.FRAME);
          out[i] = stream.probability(frame);
        }
        return out;
      }

      @Override
      public void close() {
        vad.engine().close();
      }
    };
  }

  /** The encoder's output for a 30 s window, then 32 greedy tokens (as floats: any difference shows). */
  static Engine whisper(Path dir, DevicePolicy policy, List<Placement> placed) throws Exception {
    OnnxSessions.Placed<WhisperRecognizer> whisper = OnnxSessions.place("whisper", policy,
        options -> new WhisperRecognizer(dir, BenchModels.resolve("whisper"), options));
    placed.add(whisper.placement());
    float[] audio = WhisperScale.signal(30);
    WhisperRecognizer w = whisper.engine();
    return new Engine() {
      @Override
      public float[] run() throws Exception {
        float[][][] states = w.encode(w.features(audio));
        int[] tokens = w.decode(states, w.prompt("en"), 32).tokens();
        float[] out = new float[states[0].length * states[0][0].length + tokens.length];
        int at = 0;
        for (float[] row : states[0]) {
          System.arraycopy(row, 0, out, at, row.length);
          at += row.length;
        }
        for (int t : tokens) {
          out[at++] = t;
        }
        return out;
      }

      @Override
      public void close() {
        w.close();
      }
    };
  }

  /** The tiny voice with its noise scales at 0: VITS samples noise, which no two devices draw alike. */
  static Engine piper(Path voices, DevicePolicy policy, List<Placement> placed) throws Exception {
    Path dir = Files.createTempDirectory("gpu-check-piper");
    Files.copy(voices.resolve("nexus-tiny-random.onnx"), dir.resolve("nexus-tiny-random.onnx"));
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = (ObjectNode) json.readTree(voices.resolve("nexus-tiny-random.onnx.json").toFile());
    config.withObjectProperty("inference").put("noise_scale", 0.0).put("noise_w", 0.0);
    json.writeValue(dir.resolve("nexus-tiny-random.onnx.json").toFile(), config);
    EspeakSynthesizer espeak = new EspeakSynthesizer(20);
    OnnxSessions.Placed<PiperSynthesizer> piper = OnnxSessions.place("piper", policy,
        options -> new PiperSynthesizer(dir, "nexus-tiny-random", espeak, options));
    placed.add(piper.placement());
    PiperSynthesizer p = piper.engine();
    return new Engine() {
      @Override
      public float[] run() {
        List<float[]> pieces = new ArrayList<>();
        p.synthesize("The quick brown fox jumps over the lazy dog. It was not amused.", p.voices().get(0), 1.0, 1.0,
            new SpeechSynthesizer.Sink() {
              @Override
              public boolean audio(float[] samples) {
                pieces.add(samples.clone());
                return true;
              }

              @Override
              public void word(int textOffset, int length, long audioMs) {
              }
            });
        int n = pieces.stream().mapToInt(a -> a.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] piece : pieces) {
          System.arraycopy(piece, 0, out, at, piece.length);
          at += piece.length;
        }
        return out;
      }

      @Override
      public void close() {
        p.close();
        espeak.close();
      }
    };
  }

  static Engine minilm(DevicePolicy policy, List<Placement> placed) throws Exception {
    Embedder embedder = Embedder.load(policy);
    placed.add(embedder.placement());
    List<String> sentences = List.of("Nexus is a reactive voice server.", "The podcast has two hosts.",
        "Whisper turns speech into text.", "What is the weather like today?");
    return () -> {
      List<float[]> vectors = embedder.embedAll(sentences);
      float[] out = new float[vectors.size() * 384];
      for (int i = 0; i < vectors.size(); i++) {
        System.arraycopy(vectors.get(i), 0, out, i * 384, 384);
      }
      return out;
    };
  }
}
