package dev.nexus.gateway;

import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTPS and WSS for the gateway: PEM files given with {@code tls.cert}/{@code tls.key}, or a
 * self-signed certificate for development, made once and kept under {@code NEXUS_DATA/tls/} so that a
 * client can trust it across restarts.
 */
final class Tls {
  private static final Logger LOG = LoggerFactory.getLogger(Tls.class);
  /** The {@link GatewayVerticle#INFO_MAP} key holding the certificate's path when TLS is on. */
  static final String CERT_KEY = "tls-cert";

  private Tls() {
  }

  static Future<Void> configure(Vertx vertx, HttpServerOptions options, Settings tls, Path dataDir) {
    String cert = tls.string("cert", null);
    String key = tls.string("key", null);
    boolean selfSigned = tls.bool("self-signed", false);
    if (cert != null || key != null) {
      if (cert == null || key == null) {
        throw new ConfigException(tls.source() + ": keys 'tls.cert' and 'tls.key' go together");
      }
      for (String file : new String[] {cert, key}) {
        if (!Files.isRegularFile(Path.of(file))) {
          throw new ConfigException(tls.source() + ": TLS file " + file + " does not exist");
        }
      }
      return use(vertx, options, cert, key);
    }
    if (!selfSigned) {
      return Future.succeededFuture();
    }
    Path dir = dataDir.resolve("tls");
    Path crt = dir.resolve("self-signed.crt");
    Path pem = dir.resolve("self-signed.key");
    return vertx.executeBlocking(() -> {
      if (!Files.isRegularFile(crt) || !Files.isRegularFile(pem)) {
        Files.createDirectories(dir);
        SelfSignedCertificate made = SelfSignedCertificate.create("localhost");
        Path tmpKey = Files.createTempFile(dir, "key", ".tmp");
        Files.copy(Path.of(made.privateKeyPath()), tmpKey, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpKey, pem, StandardCopyOption.ATOMIC_MOVE);
        Path tmpCrt = Files.createTempFile(dir, "crt", ".tmp");
        Files.copy(Path.of(made.certificatePath()), tmpCrt, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpCrt, crt, StandardCopyOption.ATOMIC_MOVE);
        made.delete();
      }
      LOG.info("TLS with a self-signed certificate for localhost: {} (trust it in development clients, for example "
          + "NODE_EXTRA_CA_CERTS={})", crt, crt);
      return null;
    }).compose(v -> use(vertx, options, crt.toString(), pem.toString()));
  }

  private static Future<Void> use(Vertx vertx, HttpServerOptions options, String cert, String key) {
    options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert).setKeyPath(key));
    vertx.sharedData().getLocalMap(GatewayVerticle.INFO_MAP).put(CERT_KEY, cert);
    return Future.succeededFuture();
  }
}
