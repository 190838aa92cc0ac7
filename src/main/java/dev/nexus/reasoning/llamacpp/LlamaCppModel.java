package dev.nexus.reasoning.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import de.kherud.llama.args.LogFormat;
import dev.nexus.bus.ChatMessage;
import dev.nexus.capability.Placement;
import dev.nexus.reasoning.engine.LanguageModel;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GGUF model run in-process by llama.cpp (through de.kherud:llama). The prompt is built with the
 * model's own chat template; tokens stream as they are sampled; a cancel stops sampling at the next token.
 * Tool calls are not parsed from this engine's output: tools are offered to it only as text.
 */
public final class LlamaCppModel implements LanguageModel, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LlamaCppModel.class);

  /** How to load and run the model. */
  public record Options(Path file, String modelId, int contextSize, int threads, int gpuLayers, int defaultMaxTokens,
      float temperature, int seed) {
  }

  private final Options options;
  private final Function<Callable<Reply>, Future<Reply>> blocking;
  private final LlamaModel model;

  /** Loads the model (blocking: call off the event loop). */
  public LlamaCppModel(Options options, Function<Callable<Reply>, Future<Reply>> blocking) {
    if (!Files.isRegularFile(options.file())) {
      throw new IllegalArgumentException("no GGUF model at " + options.file());
    }
    this.options = options;
    this.blocking = blocking;
    LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> LOG.debug("llama.cpp {}: {}", level, message.strip()));
    this.model = new LlamaModel(new ModelParameters().setModel(options.file().toString())
        .setCtxSize(options.contextSize()).setThreads(options.threads()).setGpuLayers(options.gpuLayers()));
  }

  @Override
  public String name() {
    return "llamacpp";
  }

  /** Where the model runs: see {@link #placement(int, int, String)}. */
  public Placement placement() {
    return placement(options.gpuLayers(), options.threads(), System.getProperty(LIBRARY_PATH));
  }

  /** The system property through which de.kherud:llama loads a llama.cpp library built elsewhere (a CUDA build). */
  public static final String LIBRARY_PATH = "de.kherud.llama.lib.path";

  /**
   * Where a llama.cpp model runs. de.kherud:llama ships CPU natives only (its {@code cuda12-linux-x86-64} artifact on
   * Maven Central holds no native library), so {@code gpu-layers} above 0 takes effect only with a CUDA build of the
   * binding's library given through {@value #LIBRARY_PATH}; without one it is reported as ignored, not left silent.
   *
   * @param library the {@value #LIBRARY_PATH} directory, or null
   */
  static Placement placement(int gpuLayers, int threads, String library) {
    String requested = gpuLayers > 0 ? "gpu-layers " + gpuLayers : "cpu";
    if (library != null) {
      return new Placement("llamacpp", requested, gpuLayers > 0 ? "gpu-layers " + gpuLayers + " (as " + library
          + " allows)" : "cpu", "llama.cpp from " + library, threads, null);
    }
    return new Placement("llamacpp", requested, "cpu", "llama.cpp CPU build (de.kherud:llama)", threads,
        gpuLayers == 0 ? null : "gpu-layers " + gpuLayers + " has no effect: the llama.cpp library on the class path is "
            + "the CPU build (no CUDA build of de.kherud:llama is published on Maven Central); give a CUDA build of "
            + "libjllama with -D" + LIBRARY_PATH + "=DIR");
  }

  @Override
  public List<String> models() {
    return List.of(options.modelId());
  }

  /** The chat prompt in the model's own template. */
  String prompt(List<ChatMessage> messages) {
    StringBuilder system = new StringBuilder();
    List<Pair<String, String>> turns = new ArrayList<>();
    for (ChatMessage m : messages) {
      String content = m.content() == null ? "" : m.content();
      switch (m.role()) {
        case "system" -> system.append(system.length() > 0 ? "\n" : "").append(content);
        case "tool" -> turns.add(new Pair<>("user", "[" + (m.name() == null ? "tool" : m.name()) + " result] " + content));
        default -> turns.add(new Pair<>(m.role(), content));
      }
    }
    return model.applyTemplate(new InferenceParameters("").setMessages(system.length() > 0 ? system.toString() : null, turns));
  }

  @Override
  public Future<Reply> generate(Call call, Sink sink) {
    return blocking.apply(() -> run(call, sink));
  }

  private synchronized Reply run(Call call, Sink sink) {
    String prompt = prompt(call.messages());
    int maxTokens = call.maxTokens() != null ? call.maxTokens() : options.defaultMaxTokens();
    InferenceParameters params = new InferenceParameters(prompt).setNPredict(maxTokens)
        .setTemperature(call.temperature() != null ? call.temperature().floatValue() : options.temperature())
        .setSeed(options.seed()).setCachePrompt(true);
    // cancelled from this thread only, at the next token: llama.cpp's task queue breaks when a task
    // is cancelled from another thread while this one waits for it
    LlamaIterator tokens = model.generate(params).iterator();
    StringBuilder text = new StringBuilder();
    int count = 0;
    String finish = "stop";
    while (tokens.hasNext()) {
      LlamaOutput out = tokens.next();
      if (out.text.isEmpty()) {
        continue;
      }
      count++;
      if (!sink.token(out.text)) {
        tokens.cancel();
        finish = "cancelled";
        break;
      }
      text.append(out.text);
    }
    if (!finish.equals("cancelled") && count >= maxTokens) {
      finish = "length";
    }
    int promptTokens = model.encode(prompt).length;
    return new Reply(text.toString(), List.of(), finish, promptTokens, count);
  }

  @Override
  public void close() {
    model.close();
  }
}
