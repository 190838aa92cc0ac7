package dev.nexus.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.PodcastOrder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Locale;

/**
 * An episode's source text: the pasted text, the page at the URL (HTML reduced to its text), or what the documents
 * and the web say on the topic. A source that cannot be had is a {@link BadRequest} saying why.
 */
record SourceReader(Vertx vertx, WebClient web, int maxSourceChars, int maxUrlBytes) {
  /** What a source given as {@code value} is shown as in statuses and scripts: pasted text abbreviated. */
  static String shown(PodcastOrder order) {
    return order.kind() == PodcastOrder.Kind.TEXT ? abbreviate(order.value()) : order.value();
  }

  Future<PodcastScript.Source> read(PodcastOrder order, Stages stages) {
    return switch (order.kind()) {
      case TEXT -> Future.succeededFuture(new PodcastScript.Source("text", shown(order), order.value()));
      case URL -> page(order.value());
      case TOPIC -> topic(order.value(), stages);
    };
  }

  private Future<PodcastScript.Source> page(String url) {
    return web.getAbs(url).send().recover(err -> Future.failedFuture(
            new BadRequest("the URL could not be fetched: " + err.getMessage())))
        .compose(response -> {
          if (response.statusCode() != 200) {
            return Future.failedFuture(new BadRequest("the URL answered HTTP " + response.statusCode()));
          }
          Buffer body = response.body();
          if (body == null || body.length() == 0) {
            return Future.failedFuture(new BadRequest("the URL returned an empty page"));
          }
          if (body.length() > maxUrlBytes) {
            return Future.failedFuture(new BadRequest("the page is larger than " + maxUrlBytes + " bytes"));
          }
          String type = String.valueOf(response.getHeader("content-type")).toLowerCase(Locale.ROOT);
          if (!type.startsWith("text/") && !type.contains("html") && !type.contains("xml")) {
            return Future.failedFuture(new BadRequest("the URL is not a text or HTML page (" + type + ")"));
          }
          String text = type.contains("html") ? HtmlText.of(body.toString()) : body.toString().trim();
          if (text.length() < 40) {
            return Future.failedFuture(new BadRequest("the page has too little text to make an episode from"));
          }
          return Future.succeededFuture(new PodcastScript.Source("url", url,
              text.length() > maxSourceChars ? text.substring(0, maxSourceChars) : text));
        });
  }

  private Future<PodcastScript.Source> topic(String topic, Stages stages) {
    String query = new JsonObject().put("query", topic).put("k", 8).encode();
    Future<String> documents = stages.tool("document_search", query).otherwise("");
    Future<String> webResults = stages.tool("web_search", query).otherwise("");
    return Future.join(documents, webResults).transform(done -> {
      StringBuilder text = new StringBuilder();
      for (String found : List.of(documents.result(), webResults.result())) {
        try {
          JsonArray results = new JsonObject(found).getJsonArray("results", new JsonArray());
          for (Object r : results) {
            if (r instanceof JsonObject hit) {
              String passage = hit.getString("text", hit.getString("content", hit.getString("snippet", "")));
              text.append(passage.trim()).append("\n\n");
            }
          }
        } catch (RuntimeException e) {
          // no results from that tool
        }
      }
      return vertx.eventBus().<JsonObject>request(Addresses.REASONING_MODELS, "list").map(models -> {
        boolean grounded = models.body().encode().contains("nexus-grounded");
        if (text.length() == 0 && grounded) {
          throw new BadRequest("no source material was found for the topic '" + topic + "': paste a 'text' or give a "
              + "'url', add documents with POST /v1/documents, or configure an LLM engine (reasoning.yaml) that "
              + "knows the topic");
        }
        return new PodcastScript.Source("topic", topic, text.length() == 0 ? "Topic: " + topic : text.toString().trim());
      });
    });
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= 120 ? flat : flat.substring(0, 117) + "...";
  }
}
