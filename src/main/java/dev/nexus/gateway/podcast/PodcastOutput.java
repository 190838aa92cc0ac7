package dev.nexus.gateway.podcast;

import dev.nexus.bus.AudioChunk;
import dev.nexus.gateway.base.EventSocket;
import dev.nexus.podcast.PodcastScript;
import java.util.Base64;

/** What a live podcast's listener is sent as its speech leaves: segment, turn, answer and bridge events, and audio. */
final class PodcastOutput {
  private final EventSocket socket;
  private final boolean binary;
  private int lastSegment = -1;

  /** @param binary audio goes as binary frames of PCM16, else as base64 in JSON events */
  PodcastOutput(EventSocket socket, boolean binary) {
    this.socket = socket;
    this.binary = binary;
  }

  void started(PodcastScript script, Piece p, double atMs) {
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

  void audio(Piece p, AudioChunk chunk) {
    if (binary) {
      socket.sendBinary(chunk.pcm());
    } else {
      socket.send(socket.event("response.output_audio.delta").put("host", p.host()).put("segment", p.segment())
          .put("turn", p.turn()).put("audio", Base64.getEncoder().encodeToString(chunk.pcm())));
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
