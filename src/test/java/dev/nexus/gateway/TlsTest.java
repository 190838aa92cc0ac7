package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** gateway.yaml's tls section: a certificate and key given together, or a self-signed pair kept between starts. */
class TlsTest {
  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static Settings tls(JsonObject json) {
    return new Settings("gateway.yaml tls", json);
  }

  @Test
  void aCertWithoutAKeyOrAKeyWithoutACertIsAConfigErrorNamingBothKeys() throws Exception {
    Path dir = Files.createTempDirectory("nexus-tls");
    for (String only : new String[] {"cert", "key"}) {
      assertThatThrownBy(() -> Tls.configure(vertx, new HttpServerOptions(),
          tls(new JsonObject().put(only, dir.resolve("x.pem").toString())), dir))
          .isInstanceOf(ConfigException.class)
          .hasMessage("gateway.yaml tls: keys 'tls.cert' and 'tls.key' go together");
    }
  }

  @Test
  void aCertOrKeyFileThatDoesNotExistIsAConfigErrorNamingTheFile() throws Exception {
    Path dir = Files.createTempDirectory("nexus-tls");
    Path cert = Files.writeString(dir.resolve("server.crt"), "not really a certificate");
    String missing = dir.resolve("server.key").toString();
    assertThatThrownBy(() -> Tls.configure(vertx, new HttpServerOptions(),
        tls(new JsonObject().put("cert", cert.toString()).put("key", missing)), dir))
        .isInstanceOf(ConfigException.class).hasMessage("gateway.yaml tls: TLS file " + missing + " does not exist");
  }

  @Test
  void aSelfSignedPairIsMadeOnceAndKeptForTheNextStart() throws Exception {
    Path data = Files.createTempDirectory("nexus-tls-data");
    Path crt = data.resolve("tls/self-signed.crt");
    Path key = data.resolve("tls/self-signed.key");
    JsonObject selfSigned = new JsonObject().put("self-signed", true);
    HttpServerOptions first = new HttpServerOptions();
    Tls.configure(vertx, first, tls(selfSigned), data).await(30, TimeUnit.SECONDS);
    assertThat(first.isSsl()).isTrue();
    String made = Files.readString(crt);

    Tls.configure(vertx, new HttpServerOptions(), tls(selfSigned), data).await(30, TimeUnit.SECONDS);
    assertThat(Files.readString(crt)).as("the pair is kept").isEqualTo(made);
    assertThat(key).isRegularFile();
  }
}
