package dev.nexus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperConversionTest {

  @Test
  void aFailedExportNamesTheCheckpointAndQuotesTheLastEightLinesWithoutWarnings(@TempDir Path dir) throws Exception {
    Path python = dir.resolve("python");
    StringBuilder script = new StringBuilder("#!/bin/sh\n");
    for (int i = 1; i <= 10; i++) {
      script.append("echo line").append(i).append("\necho 'TracerWarning: ignored'\necho\n");
    }
    script.append("exit 3\n");
    Files.writeString(python, script);
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
    List<String> progress = new ArrayList<>();
    Path target = dir.resolve("whisper-tiny");
    assertThatThrownBy(() -> new WhisperConversion(python.toString()).convert(dir.resolve("tiny.pt"), target,
        progress::add)).isInstanceOf(IOException.class)
        .hasMessage("the ONNX export of tiny.pt failed (it needs python3-torch and python3-onnx for " + python
            + "): line3 | line4 | line5 | line6 | line7 | line8 | line9 | line10");
    assertThat(progress).hasSize(10).doesNotContain("TracerWarning: ignored", "");
    assertThat(WhisperConversion.done(target)).isFalse();
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("the work directory is removed")
          .containsExactly("python");
    }
  }

  @Test
  void aPythonThatCannotStartIsNamedWithWhatTheExportNeeds(@TempDir Path dir) {
    Path missing = dir.resolve("no-python");
    assertThatThrownBy(() -> new WhisperConversion(missing.toString()).convert(dir.resolve("tiny.pt"),
        dir.resolve("out"), line -> { })).isInstanceOf(IOException.class)
        .hasMessageStartingWith("converting to ONNX needs Python with PyTorch and ONNX")
        .hasMessageContaining(missing + " could not be started");
  }
}
