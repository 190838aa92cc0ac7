package dev.nexus.capability;

import dev.nexus.config.Settings;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an ONNX engine should run, as its settings say: {@code device: auto | cpu | cuda[:N]} (auto: CUDA when the
 * CUDA execution provider loads, else the CPU), and the session's thread counts ({@code intra-op-threads},
 * {@code inter-op-threads}), which default to the capability's worker pool size.
 *
 * @param requested what the configuration asked for, normalised: {@code auto}, {@code cpu} or {@code cuda:N}
 * @param gpu the CUDA device number (0 unless {@code cuda:N} names another)
 */
public record DevicePolicy(String requested, int gpu, int intraOpThreads, int interOpThreads) {
  private static final Pattern DEVICE = Pattern.compile("(auto|cpu|cuda)(?::(\\d{1,2}))?");

  /** The CPU with the given threads: what an engine gets when nothing is configured for it (tests, benchmarks). */
  public static DevicePolicy cpu(int threads) {
    return new DevicePolicy("cpu", 0, threads, threads);
  }

  /**
   * Reads {@code device}, {@code intra-op-threads} and {@code inter-op-threads} from an engine's section; a bad value
   * is a configuration error naming the file and the key.
   *
   * @param defaultThreads the thread count when none is configured: the capability's worker pool size
   */
  public static DevicePolicy read(Settings engine, int defaultThreads) {
    String device = engine.string("device", "auto");
    Matcher m = DEVICE.matcher(device.trim().toLowerCase(Locale.ROOT));
    if (!m.matches() || (m.group(2) != null && !m.group(1).equals("cuda"))) {
      throw engine.invalid("device", "auto, cpu, cuda or cuda:N (N the GPU's number)", device);
    }
    int gpu = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    int intra = engine.integer("intra-op-threads", defaultThreads, 1, 1024);
    int inter = engine.integer("inter-op-threads", defaultThreads, 1, 1024);
    return new DevicePolicy(m.group(1).equals("cuda") ? "cuda:" + gpu : m.group(1), gpu, intra, inter);
  }

  /** Whether CUDA is to be tried at all: {@code cuda:N}, or {@code auto} when the CUDA provider is in the build. */
  boolean wantsCuda(boolean cudaInBuild) {
    return requested.startsWith("cuda") || (requested.equals("auto") && cudaInBuild);
  }
}
