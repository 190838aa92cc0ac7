package dev.nexus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** A fresh command line; the buffers are emptied, so a check sees only this call's output. */
  Main main(Map<String, String> env) {
    out.reset();
    err.reset();
    return new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpAndUnknownCommands() {
    assertThat(main(Map.of()).run(new String[0])).isZero();
    assertThat(out()).contains("serve [--port N] [--config DIR]");
    assertThat(main(Map.of()).run(new String[] {"dance"})).isEqualTo(2);
    assertThat(err()).contains("unknown command 'dance'");
  }

  @Test
  void modelsListShowsWhatIsPresent() {
    Map<String, String> env = Map.of("NEXUS_MODELS", TestSupport.models().root().toString());
    assertThat(main(env).run(new String[] {"models", "list"})).isZero();
    assertThat(out()).containsPattern("silero-vad\\s+present");
    assertThat(main(env).run(new String[] {"models", "verify", "silero-vad"})).isZero();
    assertThat(out()).contains("silero-vad: ok");
  }

  @Test
  void modelsCommandsReportProblems(@TempDir Path dir) {
    Map<String, String> env = Map.of("NEXUS_MODELS", dir.toString(),
        "NEXUS_MODELS_MIRROR", "http://127.0.0.1:1");
    assertThat(main(env).run(new String[] {"models", "pull"})).isEqualTo(2);
    assertThat(main(env).run(new String[] {"models", "verify", "silero-vad"})).isEqualTo(1);
    assertThat(err()).contains("silero_vad.onnx: missing");
    assertThat(main(env).run(new String[] {"models", "pull", "silero-vad"})).isEqualTo(1);
    assertThat(err()).contains("silero-vad: pull failed");
    assertThat(main(env).run(new String[] {"models", "pull", "nope"})).isEqualTo(1);
    assertThat(err()).contains("unknown model 'nope'");
    assertThat(main(env).run(new String[] {"models", "frobnicate"})).isEqualTo(2);
    assertThat(main(Map.of("NEXUS_PORT", "x")).run(new String[] {"models", "list"})).isEqualTo(2);
    assertThat(err()).contains("error: environment: NEXUS_PORT");
  }

  @Test
  void serveStartsOnTheGivenPortAndRejectsBadOptions(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of("NEXUS_DATA", dir.toString());
    assertThat(main(env).serve(List.of("--port", "http"))).isNull();
    assertThat(err()).contains("--port must be a port number");
    assertThat(main(env).serve(List.of("--port"))).isNull();
    assertThat(err()).contains("--port needs a value");
    assertThat(main(env).serve(List.of("--config", dir.resolve("missing").toString()))).isNull();
    assertThat(err()).contains("not a directory");
    assertThat(main(env).serve(List.of("--verbose"))).isNull();
    assertThat(err()).contains("unknown option '--verbose'");
    Files.writeString(dir.resolve("gateway.yaml"), "http:\n  port: -5\n");
    assertThat(main(env).serve(List.of("--config", dir.toString()))).isNull();
    assertThat(err()).contains("gateway.yaml: key 'http.port' must be an integer from 0 to 65535 (got -5)");

    NexusServer server = main(Map.of("NEXUS_PORT", "1", "NEXUS_DATA", dir.toString(),
        "NEXUS_MODELS", dir.resolve("no-models").toString())).serve(List.of("--port", "0"));
    try {
      assertThat(server).isNotNull();
      assertThat(server.port()).isPositive().isNotEqualTo(1);
      // the first-run report: what runs, and what one command adds
      assertThat(out()).contains("running: speech pocketsphinx, no server VAD; voices flite")
          .contains("language model grounded").contains("one command adds")
          .contains("./nexus models pull silero-vad").contains("./nexus models pull starter");
    } finally {
      server.stop().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void serveTakesPemFilesForTls(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of("NEXUS_DATA", dir.toString());
    assertThat(main(env).serve(List.of("--tls-cert", dir.resolve("none.crt").toString()))).isNull();
    assertThat(err()).contains("--tls-cert").contains("no such file");
    SelfSignedCertificate made = SelfSignedCertificate.create("localhost");
    assertThat(main(env).serve(List.of("--tls-cert", made.certificatePath()))).isNull();
    assertThat(err()).contains("--tls-cert and --tls-key go together");
    Files.writeString(dir.resolve("gateway.yaml"), "http:\n  tls:\n    cert: " + made.certificatePath() + "\n");
    assertThat(main(env).serve(List.of("--config", dir.toString(), "--port", "0"))).isNull();
    assertThat(err()).contains("'tls.cert' and 'tls.key' go together");
    Files.writeString(dir.resolve("gateway.yaml"), "http:\n  tls:\n    cert: " + dir.resolve("x.crt") + "\n    key: "
        + dir.resolve("x.key") + "\n");
    assertThat(main(env).serve(List.of("--config", dir.toString(), "--port", "0"))).isNull();
    assertThat(err()).contains("does not exist");
    Files.delete(dir.resolve("gateway.yaml"));
    NexusServer server = main(env).serve(List.of("--port", "0", "--tls-cert", made.certificatePath(), "--tls-key",
        made.privateKeyPath()));
    Vertx client = Vertx.vertx();
    try {
      assertThat(server).isNotNull();
      var https = WebClient.create(client, new WebClientOptions()
          .setSsl(true).setTrustAll(true).setVerifyHost(false));
      assertThat(https.get(server.port(), "localhost", "/health").send().await(20, TimeUnit.SECONDS).statusCode())
          .isEqualTo(200);
    } finally {
      server.stop().await(30, TimeUnit.SECONDS);
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void loadtestAndReportExplainBadOptions(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of("NEXUS_DATA", dir.toString(), "NEXUS_MODELS", dir.toString());
    assertThat(main(env).run(new String[] {"loadtest", "--sessions", "many"})).isEqualTo(2);
    assertThat(err()).contains("--sessions must be a whole number");
    assertThat(main(env).run(new String[] {"loadtest", "--seconds", "0"})).isEqualTo(2);
    assertThat(main(env).run(new String[] {"loadtest", "--podcasts"})).isEqualTo(2);
    assertThat(err()).contains("--podcasts needs a value");
    assertThat(main(env).run(new String[] {"loadtest", "--fast"})).isEqualTo(2);
    assertThat(err()).contains("unknown option '--fast'");
    assertThat(main(env).run(new String[] {"loadtest", "--audio", dir.resolve("none.wav").toString()})).isEqualTo(2);
    assertThat(main(env).run(new String[] {"loadtest"})).isEqualTo(2);
    assertThat(err()).contains("models pull jfk-sample");
    assertThat(main(env).run(new String[] {"loadtest", "--url", "ws://example.org:80", "--audio",
        TestSupport.jfkFlac().toString(), "--csv", dir.resolve("x.csv").toString()})).isEqualTo(2);
    assertThat(err()).contains("loopback only");
    assertThat(main(env).run(new String[] {"report", dir.resolve("missing.csv").toString()})).isEqualTo(2);
    assertThat(err()).contains("no such file");
    Files.createDirectories(dir.resolve("metrics"));
    assertThat(main(env).run(new String[] {"report"})).isEqualTo(2);
    assertThat(err()).contains("no turns-*.csv");
    Path notLedger = dir.resolve("other.csv");
    Files.writeString(notLedger, "a,b\n1,2\n");
    assertThat(main(env).run(new String[] {"report", notLedger.toString()})).isEqualTo(2);
    assertThat(err()).contains("not a latency ledger");
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "");
    assertThat(main(env).run(new String[] {"report", empty.toString()})).isEqualTo(2);
    assertThat(main(env).serve(List.of("--roles", "gateway"))).isNull();
    assertThat(err()).contains("need --cluster");
    assertThat(main(env).serve(List.of("--cluster", "--roles", "wizard"))).isNull();
    assertThat(err()).contains("unknown role 'wizard'");
  }

  @Test
  void aPortAlreadyInUseIsReportedPlainly(@TempDir Path dir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      NexusServer server = main(Map.of("NEXUS_DATA", dir.toString()))
          .serve(List.of("--port", String.valueOf(taken.getLocalPort())));
      assertThat(server).isNull();
      assertThat(err()).contains("error: Nexus could not start:");
    }
  }

  @Test
  void clusterOptionsWithoutClusterAndAHalfTlsPairAreRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of("NEXUS_DATA", dir.toString());
    assertThat(main(env).serve(List.of("--tls-self-signed", "--cluster-host", "127.0.0.2", "--cluster-port", "5702",
        "--plugin", "com.example.Plugin", "--cluster-members", "127.0.0.2:5701,127.0.0.3:5701"))).isNull();
    assertThat(err()).contains("error: --roles and --cluster-members need --cluster");
    assertThat(main(env).serve(List.of("--cluster-port", "70000"))).isNull();
    assertThat(err()).contains("error: --cluster-port must be a port number from 0 to 65535 (got \"70000\")");
    assertThat(main(env).serve(List.of("--port", "-1"))).isNull();
    assertThat(err()).contains("error: --port must be a port number from 0 to 65535 (got \"-1\")");
    Path cert = Files.writeString(dir.resolve("cert.pem"), "not used");
    assertThat(main(env).serve(List.of("--tls-cert", cert.toString()))).isNull();
    assertThat(err()).contains("error: --tls-cert and --tls-key go together");
    assertThat(main(env).serve(List.of("--tls-key", dir.resolve("none.pem").toString()))).isNull();
    assertThat(err()).contains("error: --tls-key " + dir.resolve("none.pem") + ": no such file");
  }

  @Test
  void modelsWithoutAVerbListsAndACountAboveItsLimitIsRefusedNamingTheRange() {
    Map<String, String> env = Map.of("NEXUS_MODELS", TestSupport.models().root().toString());
    assertThat(main(env).run(new String[] {"models"})).isZero();
    assertThat(out()).containsPattern("silero-vad\\s+present");
    assertThat(main(env).run(new String[] {"loadtest", "--podcasts", "10001"})).isEqualTo(2);
    assertThat(err()).contains("--podcasts must be a whole number from 0 to 10000 (got \"10001\")");
  }
}
