package dev.nexus.capability;

import io.vertx.core.json.JsonObject;

/**
 * Where one engine runs: the device asked for, the device and execution provider it got, its session threads, and
 * why it is not where it was asked to be (null when it is). {@code /health} reports it under {@code devices}.
 *
 * @param engine the engine's name (whisper, piper, silero-vad, minilm, llamacpp)
 * @param requested the configured device ({@code auto}, {@code cpu}, {@code cuda:N}, or llama.cpp's
 *     {@code gpu-layers N})
 * @param device {@code cpu} or {@code cuda:N}
 * @param provider the execution provider (ONNX Runtime's name), or the library that runs the engine
 * @param threads the session's intra-op threads (0 when the engine has no such setting)
 * @param fallbackReason why the engine runs elsewhere than asked, or null
 */
public record Placement(String engine, String requested, String device, String provider, int threads,
    String fallbackReason) {

  public static final String CPU_PROVIDER = "CPUExecutionProvider";
  public static final String CUDA_PROVIDER = "CUDAExecutionProvider";

  /** This placement as the health probe reports it. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("requested", requested).put("device", device).put("provider", provider);
    if (threads > 0) {
      json.put("threads", threads);
    }
    return fallbackReason == null ? json : json.put("fallback_reason", fallbackReason);
  }
}
