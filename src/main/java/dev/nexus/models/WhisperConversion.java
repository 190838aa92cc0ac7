package dev.nexus.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns an OpenAI Whisper checkpoint ({@code tiny.pt} ...) into the ONNX layout the Whisper engine reads
 * (encoder_model.onnx, decoder_model_merged.onnx, config.json, generation_config.json), by running the exporter
 * shipped in the jar ({@code whisper/export_whisper_onnx.py}) with Python and PyTorch: Debian's python3-torch and
 * python3-onnx, for {@code /usr/bin/python3} (or the interpreter {@code NEXUS_PYTHON} names). The files appear in
 * the model's directory only once the export has finished.
 */
public final class WhisperConversion {
  /** What the engine needs from a converted model; config.json last, as the engine will not load a model without it. */
  public static final List<String> OUTPUTS = List.of("encoder_model.onnx", "decoder_model_merged.onnx",
      "generation_config.json", "config.json");
  private static final List<String> SCRIPTS = List.of("export_whisper_onnx.py", "merge_whisper_decoders.py");

  private final String python;

  public WhisperConversion(String python) {
    this.python = python == null || python.isBlank() ? "/usr/bin/python3" : python;
  }

  /** Whether {@code dir} holds a converted model. */
  public static boolean done(Path dir) {
    return OUTPUTS.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
  }

  /** Exports {@code checkpoint} into {@code dir}; progress lines (the exporter's output) go to {@code progress}. */
  public void convert(Path checkpoint, Path dir, Consumer<String> progress) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory(dir.getParent(), ".convert-");
    try {
      for (String script : SCRIPTS) {
        try (InputStream in = WhisperConversion.class.getResourceAsStream("/whisper/" + script)) {
          if (in == null) {
            throw new IOException("the jar lacks whisper/" + script);
          }
          Files.copy(in, work.resolve(script));
        }
      }
      Path out = work.resolve("out");
      Process process;
      try {
        process = new ProcessBuilder(python, work.resolve(SCRIPTS.get(0)).toString(), checkpoint.toString(),
            out.toString()).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IOException("converting to ONNX needs Python with PyTorch and ONNX (apt install python3-torch "
            + "python3-onnx), and " + python + " could not be started: " + e.getMessage(), e);
      }
      Deque<String> tail = new ArrayDeque<>();
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          if (line.contains("Warning") || line.isBlank()) {
            continue; // torch.onnx's tracer warnings, expected for this export
          }
          tail.addLast(line);
          if (tail.size() > 8) {
            tail.removeFirst();
          }
          progress.accept(line);
        }
      }
      if (!process.waitFor(2, TimeUnit.HOURS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("the ONNX export of " + checkpoint.getFileName() + " failed (it needs python3-torch and "
            + "python3-onnx for " + python + "): " + String.join(" | ", tail));
      }
      Files.createDirectories(dir);
      for (String file : OUTPUTS) { // in order: a half-moved model lacks config.json, and is never taken for whole
        Files.move(out.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      try (var files = Files.walk(work)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
