package dev.nexus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The top-level launcher and the install step it shares with CI, run as a user runs them: {@code ./nexus} and
 * {@code scripts/install.sh} with bash, against the packaged jar (fresh after {@code package}, so nothing is rebuilt).
 */
class LauncherIT {
  record Result(int code, String output) {
  }

  static Result run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  @Test
  void theScriptsAreValidBash() throws Exception {
    for (String script : List.of("nexus", "scripts/install.sh", ".ci/run")) {
      Result check = run(Map.of(), "bash", "-n", script);
      assertThat(check.code()).as(script + ": " + check.output()).isZero();
      assertThat(Files.isExecutable(Path.of(script))).as(script + " is executable").isTrue();
    }
  }

  /** With every package present (as after .ci/run), the install step says so and never reaches apt-get. */
  @Test
  void theInstallStepChangesNothingWhenNothingIsMissing(@TempDir Path bin) throws Exception {
    Path called = bin.resolve("called");
    for (String tool : List.of("apt-get", "sudo")) { // recorders first on PATH: a call would leave a trace
      Path script = bin.resolve(tool);
      Files.writeString(script, "#!/bin/sh\necho \"$0 $*\" >> " + called + "\nexit 1\n");
      assertThat(script.toFile().setExecutable(true)).isTrue();
    }
    Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
    Result install = run(env, "scripts/install.sh");
    assertThat(install.code()).as(install.output()).isZero();
    assertThat(install.output()).contains("install: nothing is missing");
    assertThat(called).as("apt-get and sudo are not called").doesNotExist();
  }

  @Test
  void otherCommandsGoToTheJar(@TempDir Path models) throws Exception {
    Path jar = Path.of(System.getProperty("nexus.jar", "target/nexus.jar"));
    assertThat(jar).exists();
    Map<String, String> env = Map.of("NEXUS_MODELS", models.toString());
    Result help = run(env, "./nexus", "--help");
    assertThat(help.code()).as(help.output()).isZero();
    assertThat(help.output()).contains("usage: java -jar nexus.jar <command>")
        .doesNotContain("building target/nexus.jar");
    Result list = run(env, "./nexus", "models", "list");
    assertThat(list.code()).as(list.output()).isZero();
    assertThat(list.output()).contains("models in " + models).containsPattern("starter +- +everything for the real");
    Result unknown = run(env, "./nexus", "frobnicate");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.output()).contains("unknown command 'frobnicate'");
  }
}
