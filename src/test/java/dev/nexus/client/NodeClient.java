package dev.nexus.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a script of src/test/node with Node.js and returns the JSON it prints last. */
public final class NodeClient {
  private NodeClient() {
  }

  public static JsonObject run(String script, String... args) throws Exception {
    return run(java.util.Map.of(), script, args);
  }

  /** Runs a script with extra environment variables. */
  public static JsonObject run(java.util.Map<String, String> env, String script, String... args) throws Exception {
    Path dir = Path.of("src/test/node");
    assertThat(dir.resolve("node_modules/openai")).as("npm install ran in src/test/node").exists();
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    boolean exited = process.waitFor(300, TimeUnit.SECONDS);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("node %s finished; output:\n%s", script, output).isTrue();
    assertThat(process.exitValue()).as("node %s exit code; output:\n%s", script, output).isZero();
    String[] lines = output.strip().split("\n");
    return new JsonObject(lines[lines.length - 1]);
  }

  /** A temporary file for a client to write into. */
  public static Path tempFile(String suffix) throws Exception {
    return Files.createTempFile("nexus-client", suffix);
  }
}
