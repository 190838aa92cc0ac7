package dev.nexus.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The models Nexus knows how to fetch: each a set of files with a public home and a sha256. */
public final class ModelCatalog {
  /** One file of a model: where it goes under the store, where it comes from, what it hashes to. */
  public record ModelFile(String path, String url, String sha256, String license) {
  }

  /**
   * A named model: a description and its files; {@code convert} names a step run after the download
   * ({@code whisper-onnx}: an OpenAI Whisper checkpoint exported to ONNX into the model's directory), or is null.
   */
  public record Model(String name, String description, List<ModelFile> files, String convert) {
  }

  private final Map<String, Model> models;

  private ModelCatalog(Map<String, Model> models) {
    this.models = models;
  }

  /** The catalog shipped inside the jar ({@code models/catalog.json}). */
  public static ModelCatalog embedded() {
    try (InputStream in = ModelCatalog.class.getResourceAsStream("/models/catalog.json")) {
      Model[] list = new ObjectMapper().readValue(in, Model[].class);
      Map<String, Model> map = new LinkedHashMap<>();
      for (Model model : list) {
        map.put(model.name(), model);
      }
      return new ModelCatalog(map);
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded model catalog is unreadable", e);
    }
  }

  public Model get(String name) {
    return models.get(name);
  }

  public List<Model> all() {
    return List.copyOf(models.values());
  }
}
