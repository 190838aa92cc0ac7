package dev.nexus.models;

import dev.nexus.models.ModelCatalog.Model;
import dev.nexus.models.ModelCatalog.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * The model directory ({@code NEXUS_MODELS}): finds model files, and pulls catalog models from
 * their public homes, checking each file's sha256 before it is moved into place.
 */
public final class ModelStore {
  /**
   * Environment variable naming a mirror that replaces each file URL's scheme and host: an http(s) base URL, or a
   * local directory (a path or a {@code file:} URL) holding the files at the same paths.
   */
  public static final String MIRROR_ENV = "NEXUS_MODELS_MIRROR";

  private final Path root;
  private final ModelCatalog catalog;
  private final String mirror;
  private String python;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
      .connectTimeout(Duration.ofSeconds(20)).build();

  public ModelStore(Path root, ModelCatalog catalog, String mirror) {
    this.root = root;
    this.catalog = catalog;
    this.mirror = mirror == null || mirror.isBlank() ? null
        : (mirror.startsWith("/") ? Path.of(mirror).toUri().toString() : mirror).replaceAll("/+$", "");
  }

  /** The Python interpreter for conversions (default /usr/bin/python3). */
  public ModelStore python(String interpreter) {
    this.python = interpreter;
    return this;
  }

  public Path root() {
    return root;
  }

  public ModelCatalog catalog() {
    return catalog;
  }

  /** The path of a file under the store, whether or not it exists. */
  public Path resolve(String relative) {
    Path path = root.resolve(relative).normalize();
    if (!path.startsWith(root.normalize())) {
      throw new IllegalArgumentException("model path escapes the store: " + relative);
    }
    return path;
  }

  /**
   * Whether every file of a catalog model (of each model a bundle includes) is present, converted where it must be
   * (sizes are not checked).
   */
  public boolean isPresent(String name) {
    Model model = require(name);
    return model.includes().stream().allMatch(this::isPresent)
        && model.files().stream().allMatch(f -> Files.isRegularFile(resolve(f.path())))
        && (model.convert() == null || WhisperConversion.done(resolve(model.name())));
  }

  /** Re-hashes a model's files; returns the first mismatch or missing file, or null if all match. */
  public String verify(String name) {
    for (String part : require(name).includes()) {
      String problem = verify(part);
      if (problem != null) {
        return problem;
      }
    }
    for (ModelFile file : require(name).files()) {
      Path path = resolve(file.path());
      if (!Files.isRegularFile(path)) {
        return file.path() + ": missing";
      }
      String actual = sha256(path);
      if (!actual.equals(file.sha256())) {
        return file.path() + ": sha256 " + actual + " does not match " + file.sha256();
      }
    }
    return null;
  }

  /**
   * Downloads every missing or corrupt file of a model. Each file is written to a temporary name,
   * hashed, synced and only then renamed into place, so an interrupted pull never leaves a bad file.
   */
  public void pull(String name, Consumer<String> progress) throws IOException, InterruptedException {
    for (String part : require(name).includes()) { // a bundle: each of its models in turn
      pull(part, line -> progress.accept(part + ": " + line));
    }
    for (ModelFile file : require(name).files()) {
      Path target = resolve(file.path());
      if (Files.isRegularFile(target) && sha256(target).equals(file.sha256())) {
        progress.accept(file.path() + ": present, sha256 ok");
        continue;
      }
      Files.createDirectories(target.getParent());
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      String url = sourceUrl(file.url());
      progress.accept(file.path() + ": downloading " + url);
      MessageDigest digest = newDigest();
      long bytes = 0;
      try (InputStream in = open(url);
          OutputStream out = Files.newOutputStream(partial)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
          out.write(buffer, 0, n);
          bytes += n;
        }
      }
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(file.sha256())) {
        Files.deleteIfExists(partial);
        throw new IOException(file.path() + ": sha256 of the download is " + actual + ", expected "
            + file.sha256() + "; nothing was written");
      }
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
      progress.accept(file.path() + ": " + bytes + " bytes, sha256 ok");
    }
    convert(require(name), progress);
  }

  /** The bytes at a source URL: a GET over http(s), or a file of a local directory mirror. */
  private InputStream open(String url) throws IOException, InterruptedException {
    if (url.startsWith("file:")) {
      Path local = Path.of(URI.create(url));
      if (!Files.isRegularFile(local)) {
        throw new IOException(local + ": no such file in the mirror " + mirror);
      }
      return Files.newInputStream(local);
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(30)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new IOException(url + " could not be reached (" + (e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage()) + "); " + MIRROR_ENV + " names a mirror to fetch from instead", e);
    }
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IOException(url + " answered HTTP " + response.statusCode());
    }
    return response.body();
  }

  /** The conversion step of a model, when it has one and its output is not there yet. */
  void convert(Model model, Consumer<String> progress) throws IOException, InterruptedException {
    if (model.convert() == null) {
      return;
    }
    if (!model.convert().equals("whisper-onnx")) {
      throw new IOException(model.name() + ": unknown conversion '" + model.convert() + "'");
    }
    Path dir = resolve(model.name());
    if (WhisperConversion.done(dir)) {
      progress.accept("ONNX export present in " + dir);
      return;
    }
    progress.accept("exporting to ONNX in " + dir + " (Python with PyTorch; minutes for the large models)");
    new WhisperConversion(python).convert(resolve(model.files().get(0).path()), dir, progress);
    progress.accept("ONNX export done: set engine: whisper and engines.whisper.model: " + model.name()
        + " in speech.yaml");
  }

  /** The URL a file is fetched from: its public home, or the same path on the mirror. */
  String sourceUrl(String url) {
    if (mirror == null) {
      return url;
    }
    URI uri = URI.create(url);
    return mirror + uri.getRawPath();
  }

  private Model require(String name) {
    Model model = catalog.get(name);
    if (model == null) {
      throw new IllegalArgumentException("unknown model '" + name + "'; known: "
          + catalog.all().stream().map(Model::name).toList());
    }
    return model;
  }

  /** The hex sha256 of a file. */
  public static String sha256(Path path) {
    MessageDigest digest = newDigest();
    try (InputStream in = Files.newInputStream(path)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
