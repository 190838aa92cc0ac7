package dev.nexus.reasoning;

import dev.nexus.capability.DevicePolicy;
import dev.nexus.capability.EngineFactory;
import dev.nexus.capability.Placement;
import dev.nexus.capability.WorkerPool;
import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import dev.nexus.knowledge.Embedder;
import dev.nexus.reasoning.engine.LanguageModel;
import dev.nexus.reasoning.grounded.GroundedModel;
import dev.nexus.reasoning.llamacpp.LlamaCppModel;
import dev.nexus.reasoning.openai.OpenAiChatModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The language-model engines by name: {@code grounded} (built in: answers from the documents and the tools),
 * {@code openai} (any OpenAI-compatible server) and {@code llamacpp} (a GGUF file in process). Only the
 * configured engine's settings ({@code engines.<name>}) are read; a missing required key is a configuration
 * error, and no engine falls back (a language model that cannot start stops the node).
 *
 * @param config the capability's whole configuration (its file is named in errors)
 * @param modelsDir where a relative GGUF path is resolved (NEXUS_MODELS)
 * @param workers the capability's worker pool, where engines load and run
 * @param poolSize the pool's size: the default thread count of an ONNX session (MiniLM)
 * @param placed told where a local engine runs once it is loaded (for {@code /health})
 */
record ReasoningEngines(Vertx vertx, Settings config, Path modelsDir, WorkerPool workers, int poolSize,
    Consumer<Placement> placed) implements EngineFactory<LanguageModel> {
  @Override
  public List<String> names() {
    return List.of("grounded", "openai", "llamacpp");
  }

  @Override
  public Future<LanguageModel> start(String name) {
    Settings options = config.section("engines").section(name);
    return switch (name) {
      case "grounded" -> grounded(options);
      case "openai" -> openai(options);
      case "llamacpp" -> llamacpp(options);
      default -> throw new IllegalArgumentException("no reasoning engine '" + name + "'");
    };
  }

  private Future<LanguageModel> grounded(Settings options) {
    int top = options.integer("top-sentences", 3, 1, 20);
    double minScore = options.decimal("min-score", 0.3, -1, 1);
    DevicePolicy device = DevicePolicy.read(options, poolSize);
    return workers.run(() -> Embedder.shared(device)).map(embedder -> {
      placed.accept(embedder.placement());
      return new GroundedModel(embedder, workers::run, top, minScore);
    });
  }

  private Future<LanguageModel> openai(Settings options) {
    String base = envOr(options.string("base-url", null), "OPENAI_BASE_URL");
    if (base == null) {
      throw new ConfigException(config.source() + ": key 'engines.openai.base-url' is required for the openai engine "
          + "(or set OPENAI_BASE_URL)");
    }
    OpenAiChatModel.Options o = new OpenAiChatModel.Options(base, envOr(options.string("api-key", null), "OPENAI_API_KEY"),
        options.string("model", "gpt-4o-mini"), options.integer("timeout-ms", 60_000, 100, 3_600_000),
        options.integer("retries", 3, 0, 10), options.integer("backoff-ms", 500, 1, 60_000),
        options.integer("breaker-failures", 5, 0, 1000), options.integer("breaker-reset-ms", 30_000, 100, 3_600_000));
    return Future.succeededFuture(new OpenAiChatModel(vertx, vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout(Math.min(o.timeoutMs(), 10_000))), o));
  }

  private Future<LanguageModel> llamacpp(Settings options) {
    String file = options.string("model", null);
    if (file == null) {
      throw new ConfigException(config.source() + ": key 'engines.llamacpp.model' is required for the llamacpp engine "
          + "(a GGUF file, absolute or under NEXUS_MODELS)");
    }
    Path path = modelsDir.resolve(file);
    LlamaCppModel.Options o = new LlamaCppModel.Options(path, options.string("model-id", path.getFileName().toString()),
        options.integer("context-size", 4096, 64, 1 << 20),
        options.integer("threads", Runtime.getRuntime().availableProcessors(), 1, 1024),
        options.integer("gpu-layers", 0, 0, 10_000), options.integer("max-tokens", 512, 1, 1 << 20),
        (float) options.decimal("temperature", 0.7, 0, 2), options.integer("seed", 42, 0, Integer.MAX_VALUE));
    return workers.run(() -> new LlamaCppModel(o, workers::run)).map(model -> {
      placed.accept(model.placement());
      return model;
    });
  }

  private static String envOr(String value, String variable) {
    return value != null ? value : System.getenv(variable);
  }
}
