package dev.nexus.gateway;

import dev.nexus.gateway.base.BusErrors;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import dev.nexus.bus.StageFailure;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A failed bus request becomes the HTTP status and OpenAI-style error a client should get. */
class BusErrorsTest {
  @Test
  void eachKindOfBusFailureGetsItsStatus() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Map<String, Throwable> failures = Map.of(
          "/bad", failure(StageFailure.INVALID_REQUEST, "bad voice"),
          "/missing", failure(StageFailure.NOT_FOUND, "no such episode"),
          "/conflict", failure(StageFailure.NOT_READY, "not ready"),
          "/unreadable", failure(StageFailure.SOURCE_UNREADABLE, "the URL answered 500"),
          "/broken", failure(StageFailure.FAILED, "engine crashed"),
          "/nobody", new ReplyException(ReplyFailure.NO_HANDLERS, -1, "no handlers"),
          "/slow", new ReplyException(ReplyFailure.TIMEOUT, -1, "timeout"),
          "/other", new IllegalStateException("odd"));
      Router router = Router.router(vertx);
      failures.forEach((path, err) -> router.get(path).handler(ctx -> BusErrors.reply(ctx, err, "synthesis")));
      HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
      WebClient http = WebClient.create(vertx);
      Map<String, Integer> expected = Map.of("/bad", 400, "/missing", 404, "/conflict", 409, "/unreadable", 502,
          "/broken", 500, "/nobody", 503, "/slow", 503, "/other", 500);
      for (Map.Entry<String, Integer> e : expected.entrySet()) {
        var response = http.get(server.actualPort(), "localhost", e.getKey()).send().await(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message")).isNotBlank();
      }
      var nobody = http.get(server.actualPort(), "localhost", "/nobody").send().await(10, TimeUnit.SECONDS);
      assertThat(nobody.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("synthesis_unavailable");
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** A stage's failure as it arrives on the bus: its kind travels as the reply's failure code. */
  private static ReplyException failure(StageFailure kind, String message) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, kind.code(), message);
  }
}
