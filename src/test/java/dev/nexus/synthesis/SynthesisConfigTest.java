package dev.nexus.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.TestSupport;
import dev.nexus.config.ConfigException;
import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthesis configuration errors, a disabled synthesis verticle, and clients that leave early. */
class SynthesisConfigTest {

  @Test
  void anUnknownEngineOrDefaultVoiceStopsStartUpNamingTheKey(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("synthesis.yaml"), "engine: festival\n");
    assertThatThrownBy(() -> TestSupport.startServer(dir)).isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("synthesis.yaml: key 'engine' must be one of [flite, espeak, piper] (got \"festival\")");
    Files.writeString(dir.resolve("synthesis.yaml"), "default-voice: klingon\n");
    assertThatThrownBy(() -> TestSupport.startServer(dir)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("key 'default-voice' names no voice of [flite, espeak] (got \"klingon\")");
  }

  @Test
  void withSynthesisDisabledSpeechRoutesAnswer503(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("synthesis.yaml"), "enabled: false\n");
    NexusServer server = TestSupport.startServer(dir);
    Vertx client = Vertx.vertx();
    try {
      WebClient web = WebClient.create(client);
      HttpResponse<Buffer> voices = web.get(server.port(), "localhost", "/v1/voices").send()
          .await(20, TimeUnit.SECONDS);
      assertThat(voices.statusCode()).isEqualTo(503);
      HttpResponse<Buffer> speech = web.post(server.port(), "localhost", "/v1/audio/speech")
          .sendJsonObject(new JsonObject().put("input", "hello")).await(20, TimeUnit.SECONDS);
      assertThat(speech.statusCode()).isEqualTo(503);
      assertThat(speech.bodyAsJsonObject().getJsonObject("error").getString("code"))
          .isEqualTo("synthesis_unavailable");
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
      server.stop().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClientThatHangsUpMidStreamCancelsAndTheServerCarriesOn() throws Exception {
    NexusServer server = TestSupport.startServer();
    Vertx client = Vertx.vertx();
    try {
      HttpClient http = client.createHttpClient();
      String body = new JsonObject().put("input", "A long answer that nobody stays to hear. ".repeat(80))
          .put("response_format", "pcm").encode();
      HttpClientRequest request = http.request(HttpMethod.POST, server.port(), "localhost", "/v1/audio/speech")
          .await(10, TimeUnit.SECONDS);
      HttpClientResponse response = request.putHeader("content-type", "application/json").send(body)
          .await(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      response.request().connection().close().await(10, TimeUnit.SECONDS);
      WebClient web = WebClient.create(client);
      HttpResponse<Buffer> next = web.post(server.port(), "localhost", "/v1/audio/speech")
          .sendJsonObject(new JsonObject().put("input", "Still here.")).await(20, TimeUnit.SECONDS);
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.body().length()).isGreaterThan(44 + 24000);
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
      server.stop().await(30, TimeUnit.SECONDS);
    }
  }
}
