package dev.nexus.gateway.podcast;

import dev.nexus.bus.SpeechEvent;
import dev.nexus.gateway.base.EventSocket;
import dev.nexus.live.SpeechInput;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live podcast listener's microphone: their audio goes to a server-VAD speech stream (opened with the first audio),
 * speaking interrupts the episode, and what they said becomes the question; the live transcript goes to the client.
 */
final class PodcastVoice {
  private static final Logger LOG = LoggerFactory.getLogger(PodcastVoice.class);

  private final Vertx vertx;
  private final EventSocket socket;
  private final String sessionId;
  private final int inputRate;
  private final LiveMetrics metrics;
  private final PodcastLiveSession session;
  private SpeechInput speech;

  PodcastVoice(Vertx vertx, EventSocket socket, String sessionId, int inputRate, LiveMetrics metrics,
      PodcastLiveSession session) {
    this.vertx = vertx;
    this.socket = socket;
    this.sessionId = sessionId;
    this.inputRate = inputRate;
    this.metrics = metrics;
    this.session = session;
  }

  void append(byte[] pcm) {
    if (pcm.length % 2 != 0) {
      socket.error(null, "invalid_value", "audio", "PCM16 audio must have an even number of bytes");
      return;
    }
    if (speech == null || speech.closed()) {
      speech = SpeechInput.open(vertx, sessionId, inputRate, "en", new SpeechInput.Vad(0.5, 300, 700), this::onSpeech,
          err -> socket.error(null, "server_vad_unavailable", null, "Voice questions need server VAD: "
              + err.getMessage()));
    }
    speech.append(pcm);
  }

  /** The microphone stopped: the utterance in progress ends here. */
  void commit() {
    if (speech != null) {
      speech.commit();
    }
  }

  private void onSpeech(SpeechEvent event) {
    switch (event.type()) {
      case "speech_started" -> {
        socket.send(socket.event("input_audio_buffer.speech_started").put("audio_start_ms", event.audioMs()));
        session.speechStarted();
      }
      case "speech_stopped" -> {
        metrics.speechStopped();
        socket.send(socket.event("input_audio_buffer.speech_stopped").put("audio_end_ms", event.audioMs()));
      }
      case "partial" -> socket.send(socket.event("conversation.item.input_audio_transcription.delta")
          .put("delta", event.text()));
      case "final" -> {
        String question = event.text() == null ? "" : event.text().trim();
        metrics.transcribed();
        socket.send(socket.event("conversation.item.input_audio_transcription.completed").put("transcript", question));
        session.spokenQuestion(question);
      }
      case "error" -> socket.serverError("speech_failed", "Speech decoding failed: " + event.text());
      default -> LOG.debug("podcast {}: speech event {}", sessionId, event.type());
    }
  }

  void close() {
    if (speech != null) {
      speech.close();
    }
  }
}
