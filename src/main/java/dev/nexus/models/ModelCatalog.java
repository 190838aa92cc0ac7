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
   * A bundle ({@code starter}) has no files of its own and {@code includes} the models it stands for.
   */
  public record Model(String name, String description, List<ModelFile> files, String convert, List<String> includes) {
    public Model {
      files = files == null ? List.of() : List.copyOf(files);
      includes = includes == null ? List.of() : List.copyOf(includes);
    }

    public Model(String name, String description, List<ModelFile> files, String convert) {
      this(name, description, files, convert, List.of());
    }

    /** Whether this is a bundle of other catalog models. */
    public boolean bundle() {
      return !includes.isEmpty();
    }
  }

  private final Map<String, Model> models;

  private ModelCatalog(Map<String, Model> models) {
    this.models = models;
  }

  /** The catalog shipped inside the jar ({@code models/catalog.json}). */
  public static ModelCatalog embedded() {
    try (InputStream in = ModelCatalog.class.getResourceAsStream("/models/catalog.json")) {
      return of(List.of(new ObjectMapper().readValue(in, Model[].class)));
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded model catalog is unreadable", e);
    }
  }

  /** A catalog of these models; a bundle may include only models listed before it. */
  public static ModelCatalog of(List<Model> list) {
    Map<String, Model> map = new LinkedHashMap<>();
    for (Model model : list) {
      for (String part : model.includes()) {
        if (!map.containsKey(part)) {
          throw new IllegalArgumentException("bundle '" + model.name() + "' includes '" + part
              + "', which is not listed before it");
        }
      }
      map.put(model.name(), model);
    }
    return new ModelCatalog(map);
  }

  public Model get(String name) {
    return models.get(name);
  }

  public List<Model> all() {
    return List.copyOf(models.values());
  }
}
