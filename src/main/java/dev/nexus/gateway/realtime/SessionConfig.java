package dev.nexus.gateway.realtime;

import static dev.nexus.gateway.realtime.EventFields.bool;
import static dev.nexus.gateway.realtime.EventFields.number;
import static dev.nexus.gateway.realtime.EventFields.object;
import static dev.nexus.gateway.realtime.EventFields.string;

import dev.nexus.audio.G711;
import dev.nexus.bus.ToolSpec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A realtime session's settings, read from {@code session.update} in either of OpenAI's shapes: the
 * current one ({@code audio.input.format}, {@code audio.output.voice}, {@code output_modalities}) or the
 * older beta one ({@code input_audio_format}, {@code voice}, {@code modalities}, top-level
 * {@code turn_detection}). An update is checked whole before any of it applies. A session is a voice
 * conversation ({@code type: "realtime"}) or transcription only ({@code type: "transcription"}, {@code
 * ?intent=transcription}, or the beta {@code transcription_session.update}): transcripts and no responses.
 */
final class SessionConfig {
  /** The silence that ends a turn for each {@code semantic_vad} eagerness ({@code auto} is {@code medium}). */
  static final Map<String, Integer> EAGERNESS_SILENCE_MS = Map.of("low", 1500, "medium", 800, "auto", 800, "high", 400);

  /**
   * Turn detection: the server VAD's parameters, as OpenAI names them. {@code semantic_vad} runs on the same VAD,
   * its {@code eagerness} choosing the silence that ends a turn ({@link #EAGERNESS_SILENCE_MS}).
   *
   * @param eagerness null for {@code server_vad}; low, medium, high or auto for {@code semantic_vad}
   */
  record TurnDetection(double threshold, int prefixPaddingMs, int silenceDurationMs, boolean createResponse,
      boolean interruptResponse, String eagerness) {
    static final TurnDetection DEFAULT = new TurnDetection(0.5, 300, 500, true, true);

    TurnDetection(double threshold, int prefixPaddingMs, int silenceDurationMs, boolean createResponse,
        boolean interruptResponse) {
      this(threshold, prefixPaddingMs, silenceDurationMs, createResponse, interruptResponse, null);
    }

    /** {@code semantic_vad} with this eagerness, on the default VAD threshold and padding. */
    static TurnDetection semantic(String eagerness, boolean createResponse, boolean interruptResponse) {
      return new TurnDetection(DEFAULT.threshold(), DEFAULT.prefixPaddingMs(), EAGERNESS_SILENCE_MS.get(eagerness),
          createResponse, interruptResponse, eagerness);
    }

    JsonObject toJson() {
      if (eagerness != null) {
        return new JsonObject().put("type", "semantic_vad").put("eagerness", eagerness)
            .put("create_response", createResponse).put("interrupt_response", interruptResponse);
      }
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
  /** The G.711 law of the input / output audio, or null for PCM16. */
  G711.Law inputLaw;
  G711.Law outputLaw;
  boolean transcriptionOnly;
  boolean audioOut = true;
  TurnDetection turnDetection = TurnDetection.DEFAULT;
  String transcriptionLanguage;
  String transcriptionModel = "nexus";
  String transcriptionPrompt;
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
    c.inputLaw = inputLaw;
    c.outputLaw = outputLaw;
    c.transcriptionOnly = transcriptionOnly;
    c.transcriptionModel = transcriptionModel;
    c.transcriptionPrompt = transcriptionPrompt;
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
    if (session.containsKey("type")) {
      Object type = session.getValue("type");
      if (!"realtime".equals(type) && !"transcription".equals(type)) {
        throw ProtocolError.invalid("session.type", "session.type must be \"realtime\" or \"transcription\" (got "
            + type + ")");
      }
      c.transcriptionOnly = type.equals("transcription");
    }
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
      c.input(AudioFormat.parse(input.getValue("format"), "session.audio.input.format"));
    }
    if (session.containsKey("input_audio_format")) {
      c.input(AudioFormat.parse(session.getValue("input_audio_format"), "session.input_audio_format"));
    }
    if (output != null && output.containsKey("format")) {
      c.output(AudioFormat.parse(output.getValue("format"), "session.audio.output.format"));
    }
    if (session.containsKey("output_audio_format")) {
      c.output(AudioFormat.parse(session.getValue("output_audio_format"), "session.output_audio_format"));
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
    if (transcription != null) {
      c.transcription(transcription);
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
    return inputRate != other.inputRate || !Objects.equals(turnDetection, other.turnDetection)
        || !Objects.equals(transcriptionLanguage, other.transcriptionLanguage);
  }

  /** Whether this session only transcribes: no responses are made. */
  boolean transcriptionOnly() {
    return transcriptionOnly;
  }

  AudioFormat inputFormat() {
    return new AudioFormat(inputLaw, inputRate);
  }

  AudioFormat outputFormat() {
    return new AudioFormat(outputLaw, outputRate);
  }

  private void input(AudioFormat format) {
    inputLaw = format.law();
    inputRate = format.rate();
  }

  private void output(AudioFormat format) {
    outputLaw = format.law();
    outputRate = format.rate();
  }

  /** {@code {model, language, prompt}}; {@code languages} (a list, as newer clients send) gives the first. */
  private void transcription(JsonObject t) {
    String where = "session.audio.input.transcription";
    if (t.containsKey("model")) {
      transcriptionModel = string(t, "model", where + ".model");
    }
    if (t.containsKey("prompt")) {
      transcriptionPrompt = string(t, "prompt", where + ".prompt");
    }
    Object language = t.getValue("language");
    if (t.getValue("languages") instanceof JsonArray languages) {
      language = languages.isEmpty() ? "" : languages.getValue(0);
    }
    if (language != null) {
      if (!(language instanceof String l)) {
        throw ProtocolError.invalid(where + ".language", "'" + where + ".language' must be a string");
      }
      transcriptionLanguage = l.isBlank() ? null : l;
    }
  }

  /**
   * A session for {@code GET /v1/realtime?intent=...}: null or {@code transcription}; anything else is refused
   * naming {@code intent}.
   */
  static SessionConfig forIntent(String intent) {
    if (intent != null && !intent.equals("transcription")) {
      throw ProtocolError.invalid("intent", "intent must be \"transcription\" or absent (got " + intent + ")");
    }
    SessionConfig c = new SessionConfig();
    c.transcriptionOnly = intent != null;
    return c;
  }

  /** The beta {@code transcription_session.update}: the same fields, and the session only transcribes from now. */
  SessionConfig applyTranscription(JsonObject session) {
    SessionConfig c = apply(session);
    c.transcriptionOnly = true;
    return c;
  }

  /**
   * The session object sent in {@code session.created} / {@code session.updated}; for a transcription-only
   * session the transcription session object (beta: the one {@code transcription_session.updated} carries).
   */
  JsonObject toJson(String id, boolean legacy) {
    JsonObject td = turnDetection == null ? null : turnDetection.toJson();
    JsonObject transcription = new JsonObject().put("model", transcriptionModel).put("language", transcriptionLanguage)
        .put("prompt", transcriptionPrompt);
    if (transcriptionOnly) {
      JsonObject json = new JsonObject().put("id", id).put("object", "realtime.transcription_session")
          .put("include", new JsonArray());
      if (legacy) {
        return json.put("modalities", new JsonArray().add("text")).put("input_audio_format", inputFormat().betaName())
            .put("input_audio_transcription", transcription).put("turn_detection", td)
            .put("input_audio_noise_reduction", null);
      }
      return json.put("type", "transcription").put("audio", new JsonObject().put("input", new JsonObject()
          .put("format", inputFormat().toJson()).put("transcription", transcription).put("turn_detection", td)
          .put("noise_reduction", null)));
    }
    JsonArray modalities = audioOut ? new JsonArray().add("audio") : new JsonArray().add("text");
    JsonArray tools = new JsonArray();
    for (ToolSpec t : this.tools) {
      tools.add(new JsonObject().put("type", "function").put("name", t.name()).put("description", t.description())
          .put("parameters", new JsonObject(t.parameters())));
    }
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
          .put("input_audio_format", inputFormat().betaName()).put("output_audio_format", outputFormat().betaName())
          .put("turn_detection", td).put("input_audio_transcription", transcription);
    }
    return json.put("type", "realtime").put("output_modalities", modalities).put("audio", new JsonObject()
        .put("input", new JsonObject().put("format", inputFormat().toJson()).put("transcription", transcription)
            .put("turn_detection", td))
        .put("output", new JsonObject().put("format", outputFormat().toJson()).put("voice", voice).put("speed", speed)));
  }

  private static TurnDetection turnDetection(Object raw, String param) {
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof JsonObject td)) {
      throw ProtocolError.invalid(param, "'turn_detection' must be an object or null");
    }
    Object type = td.getValue("type", "server_vad");
    TurnDetection d = TurnDetection.DEFAULT;
    if ("semantic_vad".equals(type)) {
      Object eagerness = td.getValue("eagerness", "auto");
      if (!(eagerness instanceof String e) || !EAGERNESS_SILENCE_MS.containsKey(e)) {
        throw ProtocolError.invalid(param + ".eagerness", "eagerness must be low, medium, high or auto (got "
            + eagerness + ")");
      }
      return TurnDetection.semantic(e, bool(td, "create_response", param, d.createResponse()),
          bool(td, "interrupt_response", param, d.interruptResponse()));
    }
    if (!"server_vad".equals(type)) {
      throw ProtocolError.invalid(param + ".type", "turn_detection.type must be \"server_vad\" or \"semantic_vad\" (got "
          + type + ")");
    }
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
}
