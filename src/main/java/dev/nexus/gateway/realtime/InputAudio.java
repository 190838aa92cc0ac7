package dev.nexus.gateway.realtime;

import dev.nexus.audio.G711;
import dev.nexus.bus.SpeechEvent;
import dev.nexus.gateway.base.BusErrors;
import dev.nexus.live.SpeechInput;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A realtime session's input audio: the client's microphone (PCM16, or G.711 decoded first) into the server VAD
 * stream, or into the manual buffer when turn detection is off; the utterances it yields become user items, with
 * the recogniser's final words as the transcript, deltas of the words its partials agree on (adding up to the
 * transcript unless the final revises one of them), and the utterance's real duration.
 */
final class InputAudio {
  private static final Logger LOG = LoggerFactory.getLogger(InputAudio.class);

  private final Vertx vertx;
  private final RealtimeSession session;
  private final RealtimeOutput out;
  private SpeechInput speech;
  private String utteranceItem;
  /** The transcript sent so far as deltas, for the utterance in progress. */
  private String sent = "";
  /** The utterance's last partial transcript. */
  private String lastPartial = "";
  private long speechStartedMs;
  private long speechStoppedAt;
  private final ByteArrayOutputStream manual = new ByteArrayOutputStream();

  InputAudio(Vertx vertx, RealtimeSession session) {
    this.vertx = vertx;
    this.session = session;
    this.out = session.parts().output();
  }

  /** When the last utterance stopped (System.nanoTime), where a voice turn's latencies start. */
  long speechStoppedAt() {
    return speechStoppedAt;
  }

  /** Audio in the session's input format (PCM16, or G.711 bytes), to the VAD stream or the manual buffer. */
  void append(byte[] audio) {
    SessionConfig config = session.config();
    byte[] pcm = config.inputLaw == null ? audio : G711.decode(config.inputLaw, audio);
    if (pcm.length % 2 != 0) {
      throw ProtocolError.invalid("audio", "PCM16 audio must have an even number of bytes");
    }
    if (pcm.length == 0) {
      return;
    }
    if (config.turnDetection == null) {
      long limit = (long) session.parts().options().maxBufferSeconds() * config.inputRate * 2;
      if (manual.size() + (long) pcm.length > limit) {
        throw new ProtocolError("input_audio_buffer_too_large", "audio", "The input audio buffer holds at most "
            + session.parts().options().maxBufferSeconds() + " s; commit or clear it");
      }
      manual.write(pcm, 0, pcm.length);
    } else if (speech != null) {
      speech.append(pcm);
    }
  }

  void open() {
    SessionConfig config = session.config();
    if (session.closed() || config.turnDetection == null || speech != null) {
      return; // one stream at a time: an update may have opened it before the session's start did
    }
    SessionConfig.TurnDetection td = config.turnDetection;
    SpeechInput[] opened = new SpeechInput[1];
    opened[0] = SpeechInput.open(vertx, session.parts().id(), config.inputRate, config.transcriptionLanguage,
        new SpeechInput.Vad(td.threshold(), td.prefixPaddingMs(), td.silenceDurationMs()), this::onSpeech, err -> {
          if (speech == opened[0]) {
            speech = null;
            out.error(null, "server_vad_unavailable", "turn_detection", "Server VAD could not start: "
                + BusErrors.message(err, "speech") + "; send input_audio_buffer.commit yourself or set turn_detection to null");
          }
        });
    speech = opened[0];
  }

  Future<Void> close() {
    if (speech == null) {
      return Future.succeededFuture();
    }
    SpeechInput input = speech;
    speech = null;
    utteranceItem = null;
    return input.close();
  }

  /** Closes the VAD stream and opens a new one with the session's current settings. */
  void reopen() {
    close().onComplete(v -> open());
  }

  private void onSpeech(SpeechEvent event) {
    switch (event.type()) {
      case "speech_started" -> {
        utteranceItem = Item.newId();
        sent = "";
        lastPartial = "";
        speechStartedMs = event.audioMs();
        out.send(out.event("input_audio_buffer.speech_started").put("audio_start_ms", event.audioMs())
            .put("item_id", utteranceItem));
        session.userSpeaking(System.nanoTime());
      }
      case "partial" -> {
        String text = clean(event.text());
        // only words the recogniser has kept across two partials go out as deltas: its latest words still change
        String stable = stablePrefix(lastPartial, text);
        lastPartial = text;
        if (utteranceItem != null && stable.length() > sent.length() && stable.startsWith(sent)) {
          delta(utteranceItem, stable.substring(sent.length()));
        }
        session.userWords(text, false);
      }
      case "speech_stopped" -> {
        speechStoppedAt = System.nanoTime();
        out.send(out.event("input_audio_buffer.speech_stopped").put("audio_end_ms", event.audioMs())
            .put("item_id", utteranceItem));
      }
      case "final" -> {
        String itemId = utteranceItem == null ? Item.newId() : utteranceItem;
        boolean streamed = utteranceItem != null;
        utteranceItem = null;
        if (!streamed) {
          sent = "";
        }
        String fin = clean(event.text());
        String transcript = fin.isEmpty() ? sent.trim() : fin; // the recogniser's final words are the transcript
        double seconds = Math.max(0, event.audioMs() - speechStartedMs) / 1000.0;
        double transcriptMs = (System.nanoTime() - speechStoppedAt) / 1e6;
        if (!session.userWords(transcript, true)) {
          return; // the assistant's own voice came back: not a turn
        }
        if (session.isLateEcho(transcript)) {
          return;
        }
        commitUserAudio(itemId, transcript, streamed ? sent : "", seconds, transcriptMs);
      }
      case "error" -> out.error(null, "speech_failed", null, "Speech decoding failed: " + event.text());
      default -> LOG.debug("realtime {}: speech event {}", session.parts().id(), event.type());
    }
  }

  private void delta(String itemId, String piece) {
    out.send(out.event("conversation.item.input_audio_transcription.delta").put("item_id", itemId)
        .put("content_index", 0).put("delta", piece));
    sent += piece;
  }

  /**
   * The words at the start of {@code now} that {@code before} had too, less {@code now}'s last word (the one a
   * recogniser most often revises), as the prefix of {@code now} that holds them.
   */
  static String stablePrefix(String before, String now) {
    String[] was = before.trim().split("\\s+");
    String[] is = now.trim().split("\\s+");
    int same = 0;
    while (same < is.length - 1 && same < was.length && !is[same].isEmpty() && is[same].equals(was[same])) {
      same++;
    }
    if (same == 0) {
      return "";
    }
    int at = 0;
    for (int w = 0; w < same; w++) {
      at = now.indexOf(is[w], at) + is[w].length();
    }
    return now.substring(0, at);
  }

  private static String clean(String text) {
    return text == null ? "" : text.trim();
  }

  /**
   * The user item of an utterance: committed, added, the rest of its transcript as a last delta (so the deltas add up
   * exactly to the transcript), completed with the utterance's duration; then the session decides on a response.
   *
   * @param streamed the transcript already sent as deltas
   */
  private void commitUserAudio(String itemId, String transcript, String streamed, double seconds, double transcriptMs) {
    Conversation conversation = session.parts().conversation();
    String previous = conversation.lastId();
    out.send(out.event("input_audio_buffer.committed").put("previous_item_id", previous).put("item_id", itemId));
    conversation.add(Item.message(itemId, "user", transcript, true), previous);
    // the deltas add up to the transcript, unless the final revised a word already streamed as stable: the
    // transcript is then the final words all the same (what the model answers), and no further delta is sent
    if (transcript.length() > streamed.length() && transcript.startsWith(streamed)) {
      out.send(out.event("conversation.item.input_audio_transcription.delta").put("item_id", itemId)
          .put("content_index", 0).put("delta", transcript.substring(streamed.length())));
    }
    out.send(out.event("conversation.item.input_audio_transcription.completed").put("item_id", itemId)
        .put("content_index", 0).put("transcript", transcript)
        .put("usage", new JsonObject().put("type", "duration").put("seconds", Math.round(seconds * 1000) / 1000.0)));
    session.userTurn(transcript, transcriptMs);
  }

  void commit() {
    SessionConfig config = session.config();
    if (config.turnDetection != null) {
      if (speech != null) {
        speech.commit(); // an empty chunk ends the utterance in progress
      }
      return;
    }
    if (manual.size() < config.inputRate / 10 * 2) {
      throw new ProtocolError("input_audio_buffer_commit_empty", null,
          "The input audio buffer holds less than 100 ms of audio; nothing to commit");
    }
    byte[] audio = manual.toByteArray();
    manual.reset();
    String itemId = Item.newId();
    double seconds = audio.length / 2.0 / config.inputRate;
    long started = System.nanoTime();
    session.parts().items().transcribe(audio)
        .onSuccess(t -> commitUserAudio(itemId, t.text().trim(), "", seconds, (System.nanoTime() - started) / 1e6))
        .onFailure(err -> out.error(null, "transcription_failed", null, "Transcription failed: "
            + BusErrors.message(err, "speech")));
  }

  void clear() {
    manual.reset();
    out.send(out.event("input_audio_buffer.cleared"));
    if (speech != null) {
      reopen();
    }
  }
}
