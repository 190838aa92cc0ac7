package dev.nexus.models;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The first-run report: what the capabilities run (from their health probes) and what one {@code models pull} would
 * add: server VAD, Whisper, neural voices, a language model, or all of them as the {@code starter} bundle. Shown by
 * {@code serve}, {@code /health}, {@code GET /v1/models} and the demo page, so all four say the same.
 */
public final class Setup {
  /** How the report names the launcher; {@code java -jar target/nexus.jar} takes the same words. */
  static final String PULL = "./nexus models pull ";

  private Setup() {
  }

  /** The report for the health answers of the capabilities ({@code /health}'s {@code verticles}). */
  public static JsonObject from(JsonObject verticles) {
    JsonObject running = new JsonObject();
    List<JsonObject> add = new ArrayList<>();
    JsonObject speech = up(verticles, "speech");
    if (speech != null) {
      running.put("speech", speech.getString("engine")).put("vad", speech.getBoolean("vad", false));
      if (!speech.getBoolean("vad", false)) {
        add.add(item("server voice activity detection (Silero VAD)", "silero-vad"));
      }
      if (!"whisper".equals(speech.getString("engine"))) {
        add.add(item("Whisper speech recognition (base.en)", "whisper-assets whisper-base.en"));
      }
    }
    JsonObject synthesis = up(verticles, "synthesis");
    if (synthesis != null) {
      running.put("synthesis", synthesis.getString("engine")).put("voices", synthesis.getInteger("voices", 0));
      if (!"piper".equals(synthesis.getString("engine"))) {
        add.add(item("neural voices for the two podcast hosts (Piper lessac and ryan)",
            "piper-en_US-lessac-medium piper-en_US-ryan-medium"));
      }
    }
    JsonObject reasoning = up(verticles, "reasoning");
    if (reasoning != null) {
      running.put("reasoning", reasoning.getString("engine"))
          .put("models", reasoning.getJsonArray("models", new JsonArray()));
      if ("grounded".equals(reasoning.getString("engine"))) {
        add.add(item("a language model (Qwen2.5-0.5B-Instruct on llama.cpp)", "qwen2.5-0.5b-instruct"));
      }
    }
    if (!add.isEmpty()) {
      add.add(item("all of these at once (about 0.8 GB)", "starter"));
    }
    return new JsonObject().put("running", running).put("add", new JsonArray(add));
  }

  /** The report as lines for the terminal. */
  public static String text(JsonObject setup) {
    JsonObject running = setup.getJsonObject("running", new JsonObject());
    List<String> parts = new ArrayList<>();
    if (running.containsKey("speech")) {
      parts.add("speech " + running.getString("speech") + (running.getBoolean("vad", false) ? " with server VAD"
          : ", no server VAD"));
    }
    if (running.containsKey("synthesis")) {
      parts.add("voices " + running.getString("synthesis") + " (" + running.getInteger("voices") + ")");
    }
    if (running.containsKey("reasoning")) {
      parts.add("language model " + running.getString("reasoning") + " " + running.getJsonArray("models").encode());
    }
    StringBuilder out = new StringBuilder("running: ").append(parts.isEmpty() ? "no capability on this node"
        : String.join("; ", parts));
    JsonArray add = setup.getJsonArray("add", new JsonArray());
    if (add.isEmpty()) {
      return out.append("\nnothing to add: server VAD, Whisper, Piper voices and a language model are running").toString();
    }
    out.append("\none command adds (then restart serve):");
    for (Object o : add) {
      JsonObject item = (JsonObject) o;
      out.append(String.format("%n  %-66s %s", item.getString("what"), item.getString("command")));
    }
    return out.toString();
  }

  private static JsonObject up(JsonObject verticles, String capability) {
    JsonObject status = verticles.getJsonObject(capability);
    return status != null && "UP".equals(status.getString("status")) ? status : null;
  }

  private static JsonObject item(String what, String models) {
    return new JsonObject().put("what", what).put("command", PULL + models);
  }
}
