package dev.nexus.capability;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one device policy of every ONNX engine (Whisper, Piper, Silero VAD, MiniLM): builds the engine's session
 * options from its {@link DevicePolicy}, tries CUDA when the policy wants it, and when the engine cannot load on
 * the GPU (no CUDA provider in this build, no driver, no device) builds the same engine again on the CPU and says
 * why (logged here, reported in {@code /health} through its {@link Placement}).
 */
public final class OnnxSessions {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);

  private OnnxSessions() {
  }

  /** Builds an engine's ONNX Runtime sessions from the options it is given. */
  @FunctionalInterface
  public interface Loader<T> {
    T load(OrtSession.SessionOptions options) throws Exception;
  }

  /** An engine and where it runs. */
  public record Placed<T>(T engine, Placement placement) {
  }

  /** Whether this build of ONNX Runtime has the CUDA execution provider (the {@code -Pcuda} jar has it). */
  public static boolean cudaInBuild() {
    return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
  }

  /** Session options for the CPU with the policy's thread counts. */
  public static OrtSession.SessionOptions cpuOptions(DevicePolicy policy) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(policy.intraOpThreads());
    options.setInterOpNumThreads(policy.interOpThreads());
    return options;
  }

  /**
   * Loads {@code engine} where {@code policy} says: on CUDA when asked for (or {@code auto} with the CUDA provider
   * in the build), else, or when that fails, on the CPU.
   *
   * @throws Exception what the loader throws on the CPU: the engine itself cannot start
   */
  public static <T> Placed<T> place(String engine, DevicePolicy policy, Loader<T> loader) throws Exception {
    String gpu = "cuda:" + policy.gpu();
    String reason = null;
    if (policy.wantsCuda(cudaInBuild())) {
      OrtSession.SessionOptions options = cpuOptions(policy);
      try {
        options.addCUDA(policy.gpu());
        T loaded = loader.load(options);
        return new Placed<>(loaded, new Placement(engine, policy.requested(), gpu, Placement.CUDA_PROVIDER,
            policy.intraOpThreads(), null));
      } catch (OrtException | UnsatisfiedLinkError e) {
        options.close();
        reason = "CUDA could not be used (" + firstLine(e.getMessage()) + "); the same engine runs on the CPU";
        LOG.info("{}: device {} asked for, but {}", engine, policy.requested(), reason);
      }
    }
    T loaded = loader.load(cpuOptions(policy));
    return new Placed<>(loaded, new Placement(engine, policy.requested(), "cpu", Placement.CPU_PROVIDER,
        policy.intraOpThreads(), reason));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no reason given";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
