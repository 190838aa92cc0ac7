package dev.nexus.gateway.realtime;

import dev.nexus.bus.ToolSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A realtime session's settings, read from {@code session.update} in either of OpenAI's shapes: the
 * current one ({@code audio.input.format}, {@code audio.output.voice}, {@code output_modalities}) or the
 * older beta one ({@code input_audio_format}, {@code voice}, {@code modalities}, top-level
 * {@code turn_detection}). An update is checked whole before any of it applies.
 */
final class SessionConfig {
  /** Server VAD parameters, as OpenAI names them. */
  record TurnDetection(double threshold, int prefixPaddingMs, int silenceDurationMs, boolean createResponse,
      boolean interruptResponse) {
    static final TurnDetection DEFAULT = new TurnDetection(0.5, 300, 500, true, true);

    JsonObject toJson() {
      return new JsonObject().put("type", "server_vad").put("threshold", threshold)
          .put("prefix_padding_ms", prefixPaddingMs).put("silence_duration_ms", silenceDurationMs)
          .put("create_response", createResponse).put("interrupt_response", interruptResponse);
    }
  }

  String model;
  String instructions = "You are a helpful voice assistant. Answer briefly, in plain spoken sentences.";
  String voice = "alloy";
  double speed = 1.0;
  int inputRate = 24000;
  int outputRate = 24000;
  boolean audioOut = true;
  TurnDetection turnDetection = TurnDetection.DEFAULT;
  String transcriptionLanguage;
  List<ToolSpec> tools = List.of();
  String toolChoice = "auto";
  Double temperature;
  Integer maxOutputTokens;
  boolean echoGuard;

  SessionConfig copy() {
    SessionConfig c = new SessionConfig();
    c.model = model;
    c.instructions = instructions;
    c.voice = voice;
    c.speed = speed;
    c.inputRate = inputRate;
    c.outputRate = outputRate;
    c.audioOut = audioOut;
    c.turnDetection = turnDetection;
    c.transcriptionLanguage = transcriptionLanguage;
    c.tools = tools;
    c.toolChoice = toolChoice;
    c.temperature = temperature;
    c.maxOutputTokens = maxOutputTokens;
    c.echoGuard = echoGuard;
    return c;
  }

  /** This configuration with {@code session}'s fields applied; throws a {@link ProtocolError} on a bad field. */
  SessionConfig apply(JsonObject session) {
    SessionConfig c = copy();
    if (session.containsKey("instructions")) {
      c.instructions = string(session, "instructions", "session.instructions");
    }
    if (session.containsKey("model")) {
      c.model = string(session, "model", "session.model");
    }
    JsonObject audio = object(session, "audio", "session.audio");
    JsonObject input = audio == null ? null : object(audio, "input", "session.audio.input");
    JsonObject output = audio == null ? null : object(audio, "output", "session.audio.output");
    // input format: GA {type:"audio/pcm", rate}, beta "pcm16" (24 kHz)
    if (input != null && input.containsKey("format")) {
      c.inputRate = format(input.getValue("format"), "session.audio.input.format");
    }
    if (session.containsKey("input_audio_format")) {
      c.inputRate = format(session.getValue("input_audio_format"), "session.input_audio_format");
    }
    if (output != null && output.containsKey("format")) {
      c.outputRate = format(output.getValue("format"), "session.audio.output.format");
    }
    if (session.containsKey("output_audio_format")) {
      c.outputRate = format(session.getValue("output_audio_format"), "session.output_audio_format");
    }
    if (output != null && output.containsKey("voice")) {
      c.voice = string(output, "voice", "session.audio.output.voice");
    }
    if (session.containsKey("voice")) {
      c.voice = string(session, "voice", "session.voice");
    }
    if (output != null && output.containsKey("speed")) {
      c.speed = number(output, "speed", "session.audio.output.speed", 0.25, 4.0);
    }
    for (String key : List.of("output_modalities", "modalities")) {
      if (session.containsKey(key)) {
        if (!(session.getValue(key) instanceof JsonArray modes) || modes.isEmpty()
            || !modes.stream().allMatch(m -> "text".equals(m) || "audio".equals(m))) {
          throw ProtocolError.invalid("session." + key, "'" + key + "' must be a non-empty array of \"text\" and \"audio\"");
        }
        c.audioOut = modes.contains("audio");
      }
    }
    if (input != null && input.containsKey("turn_detection")) {
      c.turnDetection = turnDetection(input.getValue("turn_detection"), "session.audio.input.turn_detection");
    }
    if (session.containsKey("turn_detection")) {
      c.turnDetection = turnDetection(session.getValue("turn_detection"), "session.turn_detection");
    }
    JsonObject transcription = input == null ? null : object(input, "transcription", "session.audio.input.transcription");
    if (session.getValue("input_audio_transcription") instanceof JsonObject beta) {
      transcription = beta;
    }
    if (transcription != null && transcription.getValue("language") instanceof String language) {
      c.transcriptionLanguage = language.isBlank() ? null : language;
    }
    if (session.containsKey("tools")) {
      c.tools = tools(session.getValue("tools"));
    }
    if (session.containsKey("tool_choice")) {
      c.toolChoice = toolChoice(session.getValue("tool_choice"));
    }
    if (session.containsKey("temperature")) {
      c.temperature = number(session, "temperature", "session.temperature", 0, 2);
    }
    for (String key : List.of("max_output_tokens", "max_response_output_tokens")) {
      Object max = session.getValue(key);
      if ("inf".equals(max)) {
        c.maxOutputTokens = null;
      } else if (max != null) {
        c.maxOutputTokens = (int) number(session, key, "session." + key, 1, 1_000_000);
      }
    }
    if (session.containsKey("nexus_echo_guard")) {
      if (!(session.getValue("nexus_echo_guard") instanceof Boolean b)) {
        throw ProtocolError.invalid("session.nexus_echo_guard", "'nexus_echo_guard' must be a boolean");
      }
      c.echoGuard = b;
    }
    return c;
  }

  /** True when this update changes what the server VAD stream needs (so the stream is reopened). */
  boolean speechStreamDiffers(SessionConfig other) {
    return inputRate != other.inputRate || !java.util.Objects.equals(turnDetection, other.turnDetection)
        || !java.util.Objects.equals(transcriptionLanguage, other.transcriptionLanguage);
  }

  /** The session object sent in {@code session.created} / {@code session.updated}. */
  JsonObject toJson(String id, boolean legacy) {
    JsonArray modalities = audioOut ? new JsonArray().add("audio") : new JsonArray().add("text");
    JsonArray tools = new JsonArray();
    for (ToolSpec t : this.tools) {
      tools.add(new JsonObject().put("type", "function").put("name", t.name()).put("description", t.description())
          .put("parameters", new JsonObject(t.parameters())));
    }
    JsonObject td = turnDetection == null ? null : turnDetection.toJson();
    JsonObject json = new JsonObject().put("id", id).put("object", "realtime.session").put("model", model)
        .put("instructions", instructions).put("tools", tools).put("tool_choice", toolChoice)
        .put("nexus_echo_guard", echoGuard);
    if (maxOutputTokens != null) {
      json.put("max_output_tokens", maxOutputTokens);
    }
    if (temperature != null) {
      json.put("temperature", temperature);
    }
    if (legacy) {
      if (audioOut) {
        modalities.add("text");
      }
      return json.put("modalities", modalities).put("voice", voice)
          .put("input_audio_format", "pcm16").put("output_audio_format", "pcm16").put("turn_detection", td)
          .put("input_audio_transcription", new JsonObject().put("model", "nexus").put("language", transcriptionLanguage));
    }
    return json.put("type", "realtime").put("output_modalities", modalities).put("audio", new JsonObject()
        .put("input", new JsonObject().put("format", new JsonObject().put("type", "audio/pcm").put("rate", inputRate))
            .put("transcription", new JsonObject().put("model", "nexus").put("language", transcriptionLanguage))
            .put("turn_detection", td))
        .put("output", new JsonObject().put("format", new JsonObject().put("type", "audio/pcm").put("rate", outputRate))
            .put("voice", voice).put("speed", speed)));
  }

  private static int format(Object raw, String param) {
    if ("pcm16".equals(raw)) {
      return 24000;
    }
    if (raw instanceof JsonObject f && "audio/pcm".equals(f.getValue("type"))) {
      Object rate = f.getValue("rate");
      if (rate == null) {
        return 24000;
      }
      if (rate instanceof Number n && (n.intValue() == 24000 || n.intValue() == 16000) && n.doubleValue() == n.intValue()) {
        return n.intValue();
      }
      throw ProtocolError.invalid(param + ".rate", "the PCM rate must be 24000 or 16000 (got " + rate + ")");
    }
    throw ProtocolError.invalid(param, "the audio format must be {\"type\":\"audio/pcm\",\"rate\":24000|16000} or "
        + "\"pcm16\"; G.711 (audio/pcmu, audio/pcma) is not supported (got " + raw + ")");
  }

  private static TurnDetection turnDetection(Object raw, String param) {
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof JsonObject td)) {
      throw ProtocolError.invalid(param, "'turn_detection' must be an object or null");
    }
    Object type = td.getValue("type", "server_vad");
    if (!"server_vad".equals(type)) {
      throw ProtocolError.invalid(param + ".type", "turn_detection.type must be \"server_vad\" (got " + type + ")");
    }
    TurnDetection d = TurnDetection.DEFAULT;
    return new TurnDetection(
        td.containsKey("threshold") ? number(td, "threshold", param + ".threshold", 0, 1) : d.threshold(),
        td.containsKey("prefix_padding_ms") ? (int) number(td, "prefix_padding_ms", param + ".prefix_padding_ms", 0, 5000)
            : d.prefixPaddingMs(),
        td.containsKey("silence_duration_ms")
            ? (int) number(td, "silence_duration_ms", param + ".silence_duration_ms", 50, 10_000) : d.silenceDurationMs(),
        bool(td, "create_response", param, d.createResponse()), bool(td, "interrupt_response", param, d.interruptResponse()));
  }

  /** Function tools in the realtime shape ({@code {type, name, description, parameters}}). */
  static List<ToolSpec> tools(Object raw) {
    if (!(raw instanceof JsonArray array)) {
      throw ProtocolError.invalid("session.tools", "'tools' must be an array");
    }
    List<ToolSpec> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String where = "session.tools[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject t) || !"function".equals(t.getValue("type", "function"))
          || !ToolSpec.validName(t.getValue("name"))) {
        throw ProtocolError.invalid(where, where + " must be {\"type\":\"function\",\"name\":...} with a name of "
            + "letters, digits, _ or -");
      }
      try {
        out.add(ToolSpec.clientFunction(t.getString("name"), t.getValue("description"), t.getValue("parameters")));
      } catch (IllegalArgumentException e) {
        throw ProtocolError.invalid(where, where + "." + e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  static String toolChoice(Object raw) {
    if (raw instanceof String s && List.of("none", "auto", "required").contains(s)) {
      return s;
    }
    if (raw instanceof JsonObject o && o.getValue("name") instanceof String n) {
      return n;
    }
    throw ProtocolError.invalid("session.tool_choice", "'tool_choice' must be none, auto, required or "
        + "{\"type\":\"function\",\"name\":...}");
  }

  private static JsonObject object(JsonObject json, String key, String param) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw ProtocolError.invalid(param, "'" + param + "' must be an object");
    }
    return (JsonObject) value;
  }

  private static String string(JsonObject json, String key, String param) {
    if (!(json.getValue(key) instanceof String s)) {
      throw ProtocolError.invalid(param, "'" + param + "' must be a string");
    }
    return s;
  }

  private static double number(JsonObject json, String key, String param, double min, double max) {
    if (!(json.getValue(key) instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max) {
      throw ProtocolError.invalid(param, "'" + param + "' must be a number from " + min + " to " + max
          + " (got " + json.getValue(key) + ")");
    }
    return n.doubleValue();
  }

  private static boolean bool(JsonObject json, String key, String param, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw ProtocolError.invalid(param + "." + key, "'" + key + "' must be a boolean");
    }
    return b;
  }
}
