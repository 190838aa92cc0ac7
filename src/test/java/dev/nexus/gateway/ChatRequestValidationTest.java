package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.client.RoutedServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/chat/completions refuses a malformed request with 400 naming the field and saying what is wrong, before
 * anything goes on the bus (no reasoning stage runs here).
 */
class ChatRequestValidationTest {
  static Vertx vertx;
  static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    new ChatRoutes(vertx, null).mount(router);
    http = RoutedServer.serve(vertx, router).http();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The 400's error object for a request of {@code messages} (and any other fields). */
  static JsonObject refused(String messages, String extra) throws Exception {
    String body = "{\"model\":\"m\",\"messages\":" + messages + (extra.isEmpty() ? "" : "," + extra) + "}";
    HttpResponse<Buffer> r = http.post("/v1/chat/completions").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(body + " -> " + r.bodyAsString()).isEqualTo(400);
    return r.bodyAsJsonObject().getJsonObject("error");
  }

  static final String HI = "[{\"role\":\"user\",\"content\":\"hi\"}]";

  @Test
  void aMessageWithoutARoleOrWithAnUnknownOneNamesItsIndex() throws Exception {
    JsonObject noRole = refused("[{\"content\":\"hi\"}]", "");
    assertThat(noRole.getString("param")).isEqualTo("messages");
    assertThat(noRole.getString("message")).startsWith("messages[0].role must be one of");
    assertThat(refused("[{\"role\":\"robot\",\"content\":\"hi\"}]", "").getString("message"))
        .startsWith("messages[0].role must be one of");
  }

  @Test
  void toolCallsWithoutAFunctionNameAreRefused() throws Exception {
    for (String call : new String[] {"\"x\"", "{\"id\":\"c\"}", "{\"function\":{\"arguments\":\"{}\"}}"}) {
      assertThat(refused("[{\"role\":\"assistant\",\"tool_calls\":[" + call + "]}]", "").getString("message"))
          .as(call).isEqualTo("messages[0].tool_calls entries need function.name");
    }
  }

  @Test
  void aUserMessageWithoutContentIsRefusedButAnAssistantOneIsNot() throws Exception {
    assertThat(refused("[{\"role\":\"user\"}]", "").getString("message")).isEqualTo("messages[0].content is required");
    assertThat(refused("[{\"role\":\"assistant\"}]", "\"tools\":\"none\"").getString("param"))
        .as("the assistant message passed; the tools field is next").isEqualTo("tools");
  }

  @Test
  void contentPartsMustAllBeTextParts() throws Exception {
    for (String part : new String[] {"\"x\"", "{\"type\":\"image_url\"}", "{\"type\":\"text\",\"text\":5}"}) {
      assertThat(refused("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"}," + part + "]}]", "")
          .getString("message")).as(part).isEqualTo("messages[0].content parts must be {\"type\":\"text\",\"text\":...}");
    }
    assertThat(refused("[{\"role\":\"user\",\"content\":7}]", "").getString("message"))
        .isEqualTo("messages[0].content must be a string or an array of text parts");
  }

  @Test
  void toolsMustBeFunctionsWithAValidNameAndToolChoiceOneOfItsForms() throws Exception {
    for (String tool : new String[] {"\"x\"", "{\"type\":\"retrieval\"}", "{\"type\":\"function\"}",
        "{\"type\":\"function\",\"function\":{\"name\":\"bad name\"}}"}) {
      JsonObject error = refused(HI, "\"tools\":[" + tool + "]");
      assertThat(error.getString("param")).as(tool).isEqualTo("tools");
      assertThat(error.getString("message")).startsWith("tools[0] must be {\"type\":\"function\"");
    }
    for (String choice : new String[] {"\"sometimes\"", "5", "{\"type\":\"function\"}",
        "{\"function\":{\"name\":3}}"}) {
      assertThat(refused(HI, "\"tool_choice\":" + choice).getString("param")).as(choice).isEqualTo("tool_choice");
    }
  }

  @Test
  void streamTemperatureMaxTokensAndRepeatPromptOfTheWrongKindNameTheirField() throws Exception {
    assertThat(refused(HI, "\"stream\":\"yes\"").getString("param")).isEqualTo("stream");
    assertThat(refused(HI, "\"temperature\":2.5").getString("param")).isEqualTo("temperature");
    assertThat(refused(HI, "\"temperature\":-0.1").getString("param")).isEqualTo("temperature");
    assertThat(refused(HI, "\"max_completion_tokens\":1.5").getString("param")).isEqualTo("max_completion_tokens");
    assertThat(refused(HI, "\"max_tokens\":0").getString("param")).isEqualTo("max_tokens");
    assertThat(refused(HI, "\"repeat_prompt\":1").getString("param")).isEqualTo("repeat_prompt");
  }

  @Test
  void anIncludeUsageThatIsNoBooleanIsAMalformedRequest() throws Exception {
    JsonObject error = refused(HI, "\"stream_options\":{\"include_usage\":\"yes\"}");
    assertThat(error.getString("message")).startsWith("Malformed request: ");
  }
}
