package dev.nexus.gateway.podcast;

import dev.nexus.bus.AudioChunk;
import dev.nexus.gateway.base.EventSocket;
import dev.nexus.podcast.PodcastScript;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Locale;

/** What a live podcast's listener is sent as its speech leaves: segment, turn, answer and bridge events, and audio. */
final class PodcastOutput {
  private final EventSocket socket;
  private final boolean binary;
  private final SessionRecording recording;
  private int lastSegment = -1;

  /** @param binary audio goes as binary frames of PCM16, else as base64 in JSON events */
  PodcastOutput(EventSocket socket, boolean binary, SessionRecording recording) {
    this.socket = socket;
    this.binary = binary;
    this.recording = recording;
  }

  void started(PodcastScript script, Piece p, double atMs) {
    recording.started(p, atMs);
    if (p.role() != Piece.Role.TURN) {
      socket.send(socket.event(p.role() == Piece.Role.ANSWER ? "podcast.answer.audio" : "podcast.bridge.started")
          .put("host", p.host()).put("text", p.text()).put("audio_start_ms", Math.round(atMs)));
      return;
    }
    if (p.segment() != lastSegment) {
      lastSegment = p.segment();
      socket.send(socket.event("podcast.segment.started").put("segment", p.segment())
          .put("title", script.segments().get(p.segment()).title()).put("host", p.host()));
    }
    socket.send(socket.event("podcast.turn.started").put("segment", p.segment()).put("turn", p.turn())
        .put("host", p.host()).put("text", script.segments().get(p.segment()).turns().get(p.turn()).text())
        .put("offset", p.base()).put("audio_start_ms", Math.round(atMs)));
  }

  /** A chunk of audio; in JSON mode with its words (their start on the socket's timeline, their place in the text). */
  void audio(Piece p, AudioChunk chunk, double pieceStartMs) {
    recording.audio(chunk.pcm());
    if (binary) {
      socket.sendBinary(chunk.pcm());
    } else {
      JsonArray words = new JsonArray();
      chunk.words().forEach(w -> words.add(new JsonObject().put("word", w.word())
          .put("start_ms", Math.round(pieceStartMs + w.startMs())).put("offset", p.base() + w.textOffset())));
      socket.send(socket.event("response.output_audio.delta").put("host", p.host()).put("segment", p.segment())
          .put("turn", p.turn()).put("role", p.role().name().toLowerCase(Locale.ROOT)).put("words", words)
          .put("audio", Base64.getEncoder().encodeToString(chunk.pcm())));
    }
  }

  void ended(Piece p) {
    if (p.role() == Piece.Role.TURN) {
      socket.send(socket.event("podcast.turn.done").put("segment", p.segment()).put("turn", p.turn()));
    } else if (p.role() == Piece.Role.ANSWER) {
      socket.send(socket.event("podcast.answer.done").put("host", p.host()).put("text", p.text()));
    }
  }
}
