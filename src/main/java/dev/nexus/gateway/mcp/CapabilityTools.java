package dev.nexus.gateway.mcp;

import dev.nexus.audio.Wav;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.SynthesisRequest;
import dev.nexus.bus.ToolInvocation;
import dev.nexus.bus.ToolResult;
import dev.nexus.bus.Transcription;
import dev.nexus.bus.TranscriptionRequest;
import dev.nexus.bus.client.StageStream;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Nexus's own capabilities as MCP tools, each a thin call on the bus: {@code speak} (synthesis, the audio returned
 * as MCP audio content, a base64 WAV), {@code transcribe} (speech recognition of a base64 WAV, FLAC or raw PCM16),
 * {@code search_documents} (the {@code document_search} tool over the ingested documents), and any registry tool.
 */
record CapabilityTools(Vertx vertx, Context context, long toolTimeoutMs, long stageTimeoutMs) {
  /** The longest text {@code speak} takes. */
  static final int MAX_SPEAK_CHARS = 4096;
  /** The largest recording {@code transcribe} takes, decoded (as the transcription route: 25 MB). */
  static final int MAX_AUDIO_BYTES = 25 * 1024 * 1024;

  List<McpServerFeatures.AsyncToolSpecification> specifications() {
    return List.of(
        McpCalls.tool(context, "speak", "Speaks a text aloud with Nexus's speech synthesis; returns the audio as a "
                + "WAV (PCM16 mono).",
            McpCalls.schema(Map.of("text", McpCalls.property("string", "what to say, up to " + MAX_SPEAK_CHARS
                    + " characters"),
                "voice", McpCalls.property("string", "a voice id of GET /v1/voices (default: the server's)"),
                "sample_rate", McpCalls.property("integer", "8000 to 48000 (default 24000)")), List.of("text")),
            (exchange, request) -> speak(McpCalls.arguments(request))),
        McpCalls.tool(context, "transcribe", "Transcribes speech to text with Nexus's speech recognition.",
            McpCalls.schema(Map.of("audio", McpCalls.property("string", "the recording, base64: WAV, FLAC, or raw "
                    + "PCM16 mono when sample_rate is given"),
                "sample_rate", McpCalls.property("integer", "for raw PCM16 only: its rate, 8000 to 48000"),
                "language", McpCalls.property("string", "the spoken language, e.g. en (default: the engine's)")),
                List.of("audio")),
            (exchange, request) -> transcribe(McpCalls.arguments(request))),
        McpCalls.tool(context, "search_documents", "Searches the documents added with POST /v1/documents by meaning "
                + "and returns the best passages with their titles and scores.",
            McpCalls.schema(Map.of("query", McpCalls.property("string", "what to look for"),
                "k", McpCalls.property("integer", "how many passages, 1 to 20 (default 3)")), List.of("query")),
            (exchange, request) -> {
              JsonObject arguments = McpCalls.arguments(request);
              McpCalls.string(arguments, "query");
              return registryTool("document_search", arguments);
            }));
  }

  private Future<McpSchema.CallToolResult> speak(JsonObject arguments) {
    String text = McpCalls.string(arguments, "text");
    if (text.length() > MAX_SPEAK_CHARS) {
      throw new McpCalls.BadArgument("text", "is " + text.length() + " characters; the limit is " + MAX_SPEAK_CHARS);
    }
    String voice = McpCalls.optionalString(arguments, "voice");
    int rate = McpCalls.integer(arguments, "sample_rate", 24_000, 8000, 48_000);
    RequestContext request = RequestContext.newRequest("mcp");
    return StageStream.collect(vertx, "synthesis", Addresses.SYNTHESIS_SPEAK, request, AudioChunk.class,
            new SynthesisRequest(request, text, voice, rate, 1.0, 1.0, 1.0, 0), stageTimeoutMs)
        .map(chunks -> {
          ByteArrayOutputStream pcm = new ByteArrayOutputStream();
          int chunkRate = rate;
          for (AudioChunk chunk : chunks) {
            pcm.writeBytes(chunk.pcm());
            chunkRate = chunk.sampleRate();
          }
          String wav = Base64.getEncoder().encodeToString(Wav.of(pcm.toByteArray(), chunkRate));
          double seconds = pcm.size() / 2.0 / chunkRate;
          return McpSchema.CallToolResult.builder()
              .addContent(new McpSchema.AudioContent(null, wav, "audio/wav"))
              .addTextContent(String.format("%.2f seconds of speech, WAV at %d Hz", seconds, chunkRate))
              .isError(false).build();
        });
  }

  private Future<McpSchema.CallToolResult> transcribe(JsonObject arguments) {
    String encoded = McpCalls.string(arguments, "audio");
    byte[] audio;
    try {
      audio = Base64.getDecoder().decode(encoded.strip());
    } catch (IllegalArgumentException e) {
      throw new McpCalls.BadArgument("audio", "is not base64: " + e.getMessage());
    }
    if (audio.length > MAX_AUDIO_BYTES) {
      throw new McpCalls.BadArgument("audio", "is " + audio.length + " bytes; the limit is " + MAX_AUDIO_BYTES);
    }
    int rate = arguments.getValue("sample_rate") == null ? 0
        : McpCalls.integer(arguments, "sample_rate", 16_000, 8000, 48_000);
    String language = McpCalls.optionalString(arguments, "language");
    return vertx.eventBus().<Transcription>request(Addresses.SPEECH_TRANSCRIBE,
            new TranscriptionRequest(RequestContext.newRequest("mcp"), audio, rate, language),
            new DeliveryOptions().setSendTimeout(600_000))
        .map(reply -> {
          Transcription t = reply.body();
          return McpSchema.CallToolResult.builder().addTextContent(t.text())
              .structuredContent(new JsonObject().put("text", t.text()).put("language", t.language())
                  .put("duration_seconds", t.durationMs() / 1000.0).getMap())
              .isError(false).build();
        });
  }

  /** Calls a tool of the registry, as chat completions do; its answer (or error) becomes the MCP result. */
  Future<McpSchema.CallToolResult> registryTool(String name, JsonObject arguments) {
    return vertx.eventBus().<ToolResult>request(Addresses.tool(name),
            new ToolInvocation(RequestContext.newRequest("mcp"), name, arguments.encode()),
            new DeliveryOptions().setSendTimeout(toolTimeoutMs))
        .map(reply -> reply.body().error() ? McpCalls.error(reply.body().content())
            : McpCalls.text(reply.body().content()))
        .recover(err -> Future.succeededFuture(McpCalls.error(err instanceof ReplyException re
            ? switch (re.failureType()) {
              case NO_HANDLERS -> "the tool " + name + " is not registered now";
              case TIMEOUT -> "the tool " + name + " gave no answer within " + toolTimeoutMs + " ms";
              default -> "the tool " + name + " failed: " + re.getMessage();
            } : "the tool " + name + " failed: " + err.getMessage())));
  }
}
