package dev.nexus.models;

import dev.nexus.bus.Addresses;
import dev.nexus.config.Settings;
import dev.nexus.config.VerticleSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code auto} means in the embedded configuration, decided from what the model store ({@code NEXUS_MODELS})
 * holds, so that after {@code models pull starter} the server uses Whisper, Piper voices and llama.cpp without a
 * configuration edit, and before it the built-in engines:
 * <ul>
 *   <li>speech: {@code engine: auto} is {@code whisper} when a converted Whisper model ({@code engines.whisper.model:
 *   auto}: whisper-base.en, else any other pulled {@code whisper-*}) and Whisper's assets are present, else
 *   {@code pocketsphinx};</li>
 *   <li>synthesis: {@code engines.piper.voice: auto} is every voice in the Piper directory (the starter's female and
 *   male voices first), and {@code engine: auto} is {@code piper} when there is one, else {@code flite};</li>
 *   <li>reasoning: {@code engines.llamacpp.model: auto} is the starter's GGUF (else the first in {@code llm/}), and
 *   {@code engine: auto} is {@code llamacpp} when it is there, else {@code grounded};</li>
 *   <li>podcast: host voices {@code auto} are the first two Piper voices, else cedar and marin (Flite, male and female).</li>
 * </ul>
 * An explicit value is left as it is.
 */
public final class ModelDefaults {
  public static final String AUTO = "auto";
  /** The starter bundle's Whisper model, preferred by {@code engines.whisper.model: auto}. */
  public static final String WHISPER = "whisper-base.en";
  /** The starter bundle's voices, female then male: the default podcast hosts once present. */
  public static final List<String> HOST_VOICES = List.of("en_US-lessac-medium", "en_US-ryan-medium");
  /** The starter bundle's language model, under the store. */
  public static final String LLM = "llm/qwen2.5-0.5b-instruct-q4_k_m.gguf";

  private final Path root;

  public ModelDefaults(Path modelsDir) {
    this.root = modelsDir;
  }

  /** The defaults for a verticle's deployment configuration (its {@code models-dir}). */
  public static ModelDefaults of(JsonObject deploymentConfig) {
    return new ModelDefaults(Path.of(deploymentConfig.getString("models-dir", ".")));
  }

  /** The settings with every {@code auto} of this capability replaced by what it means now. */
  public VerticleSettings resolve(VerticleSettings settings) {
    JsonObject json = settings.config().json().copy();
    switch (settings.capability()) {
      case Addresses.SPEECH -> speech(json);
      case Addresses.SYNTHESIS -> synthesis(json);
      case Addresses.REASONING -> reasoning(json);
      case Addresses.PODCAST -> podcast(json);
      default -> {
        return settings;
      }
    }
    return VerticleSettings.from(settings.capability(), new Settings(settings.config().source(), json),
        settings.engine());
  }

  private void speech(JsonObject json) {
    JsonObject whisper = section(section(json, "engines"), "whisper");
    if (AUTO.equals(whisper.getString("model", AUTO))) {
      whisper.put("model", whisperModel());
    }
    if (AUTO.equals(json.getString("engine"))) {
      boolean ready = whisperModelAt(root.resolve(whisper.getString("model")))
          && Files.isRegularFile(root.resolve(whisper.getString("assets", "whisper")).resolve("mel_filters.npz"));
      json.put("engine", ready ? "whisper" : "pocketsphinx");
    }
  }

  private void synthesis(JsonObject json) {
    JsonObject piper = section(section(json, "engines"), "piper");
    Object voice = piper.getValue("voice", AUTO);
    List<String> voices = AUTO.equals(voice) ? piperVoices(root.resolve(piper.getString("dir", "piper")))
        : voice instanceof String one ? List.of(one) : null;
    if (voices != null) {
      piper.put("voice", new JsonArray(voices.isEmpty() ? List.of(HOST_VOICES.get(0)) : voices));
    }
    if (AUTO.equals(json.getString("engine"))) {
      json.put("engine", voices != null && voices.isEmpty() ? "flite" : "piper");
    }
  }

  private void reasoning(JsonObject json) {
    JsonObject llamacpp = section(section(json, "engines"), "llamacpp");
    if (AUTO.equals(llamacpp.getString("model"))) {
      llamacpp.put("model", languageModel());
    }
    if (AUTO.equals(json.getString("engine"))) {
      String model = llamacpp.getString("model");
      json.put("engine", model != null && Files.isRegularFile(root.resolve(model)) ? "llamacpp" : "grounded");
    }
  }

  private void podcast(JsonObject json) {
    JsonObject hosts = section(json, "hosts");
    List<String> voices = piperVoices(root.resolve("piper"));
    List<String> fallback = List.of("cedar", "marin");
    List<String> keys = List.of("first-voice", "second-voice");
    for (int i = 0; i < keys.size(); i++) {
      if (AUTO.equals(hosts.getString(keys.get(i)))) {
        hosts.put(keys.get(i), voices.size() >= 2 ? voices.get(i) : fallback.get(i));
      }
    }
  }

  /** The Whisper model {@code auto} names: the starter's when converted, else the first converted catalog model. */
  String whisperModel() {
    List<String> names = new ArrayList<>(List.of(WHISPER));
    ModelCatalog.embedded().all().stream().filter(m -> "whisper-onnx".equals(m.convert())).map(ModelCatalog.Model::name)
        .forEach(names::add);
    return names.stream().filter(name -> whisperModelAt(root.resolve(name))).findFirst().orElse(WHISPER);
  }

  /** Whether a directory holds a Whisper model in the ONNX layout the engine reads. */
  static boolean whisperModelAt(Path dir) {
    return Files.isRegularFile(dir.resolve("config.json")) && (Files.isRegularFile(dir.resolve("encoder_model.onnx"))
        || Files.isRegularFile(dir.resolve("onnx/encoder_model.onnx")));
  }

  /** Every Piper voice in a directory (an .onnx with its .onnx.json): the starter's first, then by name. */
  public static List<String> piperVoices(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> found;
    try (Stream<Path> files = Files.list(dir)) {
      found = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx"))
          .map(n -> n.substring(0, n.length() - ".onnx".length()))
          .filter(v -> Files.isRegularFile(dir.resolve(v + ".onnx.json"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(dir + " could not be listed", e);
    }
    List<String> voices = new ArrayList<>(HOST_VOICES.stream().filter(found::contains).toList());
    found.stream().filter(v -> !voices.contains(v)).forEach(voices::add);
    return voices;
  }

  /** The GGUF {@code auto} names: the starter's when present, else the first under {@code llm/}. */
  String languageModel() {
    if (Files.isRegularFile(root.resolve(LLM))) {
      return LLM;
    }
    Path dir = root.resolve("llm");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".gguf")).sorted()
            .map(n -> "llm/" + n).findFirst().orElse(LLM);
      } catch (IOException e) {
        throw new UncheckedIOException(dir + " could not be listed", e);
      }
    }
    return LLM;
  }

  private static JsonObject section(JsonObject json, String name) {
    if (!(json.getValue(name) instanceof JsonObject section)) {
      JsonObject created = new JsonObject();
      if (json.getValue(name) == null) {
        json.put(name, created);
      }
      return created; // a non-mapping value stays for the verticle's own check to report
    }
    return section;
  }
}
