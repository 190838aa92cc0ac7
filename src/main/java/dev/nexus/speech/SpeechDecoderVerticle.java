package dev.nexus.speech;

import dev.nexus.audio.AudioDecoder;
import dev.nexus.audio.Pcm;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.SpeechEvent;
import dev.nexus.bus.SpeechStreamStart;
import dev.nexus.bus.StreamEnd;
import dev.nexus.bus.Transcription;
import dev.nexus.bus.TranscriptionRequest;
import dev.nexus.bus.StageFailure;
import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import dev.nexus.config.VerticleSettings;
import dev.nexus.capability.CapabilityVerticle;
import dev.nexus.capability.DevicePolicy;
import dev.nexus.capability.OnnxSessions;
import dev.nexus.speech.engine.BatchPolicy;
import dev.nexus.speech.engine.SpeechRecognizer;
import dev.nexus.speech.vad.SileroVad;
import dev.nexus.speech.vad.VoiceActivityDetector;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Speech decoding: whole recordings ({@link Addresses#SPEECH_TRANSCRIBE}) and streaming recognition
 * with server VAD, stable partials and a final transcript per utterance ({@link Addresses#SPEECH_STREAM}).
 * Recognition runs on the capability's worker pool, in order within each stream.
 */
public final class SpeechDecoderVerticle extends CapabilityVerticle {

  private SpeechRecognizer recognizer;
  private SileroVad vad;
  private String vadProblem;
  private int maxAudioSeconds;
  private int maxBacklogMs;
  private int maxUtteranceSeconds;
  /** Times a live stream's waiting audio was dropped because recognition fell too far behind. */
  private final LongAdder backlogDropped = new LongAdder();
  private int partialIntervalMs;
  private Timer frameForward;

  public SpeechDecoderVerticle() {
    super(Addresses.SPEECH, "pocketsphinx");
  }

  @Override
  protected Future<?> startCapability(VerticleSettings settings) {
    Settings config = settings.config();
    Path modelsDir = Path.of(config().getString("models-dir", "."));
    SpeechEngines engines = new SpeechEngines(config.section("engines"), modelsDir, workers(), settings.workerPoolSize(),
        this::placed);
    maxAudioSeconds = config.integer("max-audio-seconds", 1800, 1, 86_400);
    maxBacklogMs = config.integer("max-backlog-ms", 5000, 100, 600_000);
    maxUtteranceSeconds = config.integer("max-utterance-seconds", 120, 1, 86_400);
    int defaultInterval = config.integer("partial-interval-ms", 300, 20, 10_000);
    Path vadModel = modelsDir.resolve(config.section("vad").string("model", "silero_vad.onnx"));
    DevicePolicy vadDevice = DevicePolicy.read(config.section("vad"), settings.workerPoolSize());
    BatchPolicy vadBatching = BatchPolicy.read(config.section("vad"), 5);
    return startEngine(engines).compose(started -> {
      recognizer = started;
      partialIntervalMs = engines.partialIntervalMs(started, defaultInterval);
      return infer(() -> {
        if (Files.isRegularFile(vadModel)) {
          OnnxSessions.Placed<SileroVad> loaded = OnnxSessions.place("silero-vad", vadDevice,
              options -> new SileroVad(vadModel, options, vadBatching));
          vad = loaded.engine();
          placed(loaded.placement());
        } else {
          vadProblem = "server VAD needs the Silero model at " + vadModel + " (java -jar nexus.jar models pull silero-vad)";
          log.warn(vadProblem);
        }
        return started;
      });
    }).onSuccess(r -> {
      if (metrics() != null) {
        frameForward = Timer.builder("nexus.speech.frame.forward")
            .description("a live audio frame: gateway sent it to the speech stage received it")
            .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(10)).register(metrics());
        FunctionCounter.builder("nexus.speech.backlog.dropped", backlogDropped, LongAdder::sum)
            .description("live streams whose waiting audio was dropped: recognition fell too far behind")
            .register(metrics());
      }
      vertx.eventBus().<TranscriptionRequest>consumer(Addresses.SPEECH_TRANSCRIBE, this::transcribe);
      vertx.eventBus().<SpeechStreamStart>consumer(Addresses.SPEECH_STREAM, this::stream);
    });
  }

  @Override
  protected Future<?> stopCapability() {
    return release(() -> {
      if (recognizer != null) {
        recognizer.close();
      }
      if (vad != null) {
        vad.close();
      }
      return null;
    });
  }

  @Override
  protected JsonObject describe() {
    JsonObject json = super.describe().put("vad", vad != null).put("partial_interval_ms", partialIntervalMs);
    if (recognizer != null) {
      json.put("engine", recognizer.name());
    }
    if (vadProblem != null) {
      json.put("vad_problem", vadProblem);
    }
    return json;
  }

  private void transcribe(Message<TranscriptionRequest> message) {
    TranscriptionRequest request = message.body();
    infer(() -> {
      float[] audio;
      try {
        audio = AudioDecoder.decode(request.audio(), request.rawSampleRate(), 16000);
      } catch (IllegalArgumentException e) {
        throw new BadInput("the audio could not be decoded: " + e.getMessage());
      }
      long durationMs = audio.length * 1000L / 16000;
      if (audio.length < 1600) {
        throw new BadInput("the audio is shorter than 0.1 s");
      }
      if (durationMs > maxAudioSeconds * 1000L) {
        throw new BadInput("the audio is " + durationMs / 1000 + " s long; the limit is " + maxAudioSeconds + " s");
      }
      SpeechRecognizer.Transcript t;
      try {
        t = recognizer.transcribe(audio, request.language());
      } catch (IllegalArgumentException e) {
        throw new BadInput(e.getMessage());
      }
      return new Transcription(t.text(), t.language(), durationMs, t.words().stream()
          .map(w -> new Transcription.TimedWord(w.text(), w.startMs(), w.endMs())).toList(), t.segments().stream()
          .map(s -> new Transcription.TimedWord(s.text(), s.startMs(), s.endMs())).toList());
    }).onSuccess(message::reply).onFailure(err -> (err instanceof BadInput ? StageFailure.INVALID_REQUEST : StageFailure.FAILED).fail(message,
        err.getMessage()));
  }

  /**
   * Runs one stream's recognition on the worker pool: chunks queue up on the event loop, and one
   * worker task at a time takes everything queued, so a stream stays in order and a backlog is
   * processed in one batch.
   */
  private final class StreamWorker {
    private final String requestId;
    private final String out;
    private final UtteranceStream stream;
    private final CancelToken token;
    private final AudioBacklog backlog = new AudioBacklog(maxBacklogMs);
    private final int bytesPerMs;
    private boolean busy;
    private boolean cancelled;

    StreamWorker(String requestId, String out, UtteranceStream stream, CancelToken token, int sampleRate) {
      this.requestId = requestId;
      this.out = out;
      this.stream = stream;
      this.token = token;
      this.bytesPerMs = Math.max(1, sampleRate * 2 / 1000);
    }

    /** Called on the verticle's event loop. */
    void offer(byte[] pcm) {
      if (cancelled) {
        return;
      }
      long dropped = backlog.add(pcm, System.nanoTime());
      if (dropped > 0) {
        // the recogniser is too far behind (an overloaded machine): its answers would come ever later
        long droppedMs = dropped / bytesPerMs;
        backlogDropped.increment();
        log.warn("speech stream {}: recognition fell over {} ms behind; {} ms of waiting audio dropped", requestId,
            maxBacklogMs, droppedMs);
        token.emitIfActive(() -> vertx.eventBus().send(out, new SpeechEvent(requestId, "error", -1, 0,
            "recognition fell more than " + maxBacklogMs + " ms behind (the server is overloaded); " + droppedMs
                + " ms of audio were dropped")));
      }
      drain();
    }

    private void drain() {
      if (busy || backlog.isEmpty() || cancelled) {
        return;
      }
      busy = true;
      List<byte[]> batch = backlog.takeAll();
      infer(() -> {
        List<SpeechEvent> events = new ArrayList<>();
        for (byte[] pcm : batch) {
          if (token.isCancelled()) {
            break;
          }
          events.addAll(pcm.length == 0 ? stream.commit() : stream.accept(Pcm.toFloats(pcm, 0, pcm.length)));
        }
        return events;
      }).onComplete(done -> {
        busy = false;
        if (done.succeeded()) {
          for (SpeechEvent e : done.result()) {
            token.emitIfActive(() -> vertx.eventBus().send(out, e));
          }
        } else {
          log.warn("speech stream {} failed: {}", requestId, done.cause().getMessage());
          token.emitIfActive(() -> vertx.eventBus().send(out, new SpeechEvent(requestId, "error", -1, 0,
              done.cause().getMessage())));
        }
        if (cancelled) {
          finish();
        } else {
          drain();
        }
      });
    }

    /** Called on the verticle's event loop when the stream is cancelled. */
    void cancel() {
      cancelled = true;
      backlog.clear();
      if (!busy) {
        finish();
      }
    }

    private void finish() {
      infer(() -> {
        stream.close();
        return null;
      }).onComplete(closed -> {
        vertx.eventBus().send(out, StreamEnd.cancelled(requestId, capability()));
        token.close();
      });
    }
  }

  /** A problem with the caller's input, answered with 400. */
  private static final class BadInput extends RuntimeException {
    BadInput(String message) {
      super(message);
    }
  }

  private void stream(Message<SpeechStreamStart> message) {
    SpeechStreamStart start = message.body();
    if (start.vad() && vad == null) {
      StageFailure.INVALID_REQUEST.fail(message, vadProblem);
      return;
    }
    if (start.sampleRate() < 8000 || start.sampleRate() > 48000) {
      StageFailure.INVALID_REQUEST.fail(message, "the sample rate must be from 8000 to 48000 Hz");
      return;
    }
    try {
      recognizer.checkLanguage(start.language());
    } catch (IllegalArgumentException e) {
      StageFailure.INVALID_REQUEST.fail(message, e.getMessage());
      return;
    }
    String requestId = start.context().requestId();
    String out = start.context().streamAddress();
    VoiceActivityDetector detector = start.vad() ? new VoiceActivityDetector(vad.stream(),
        new VoiceActivityDetector.Params(start.threshold(), start.prefixPaddingMs(), start.silenceDurationMs())) : null;
    UtteranceStream stream = new UtteranceStream(requestId, recognizer, start.language(), start.sampleRate(), detector,
        start.prefixPaddingMs(), partialIntervalMs, maxUtteranceSeconds);
    CancelToken token = watch(start.context());
    StreamWorker worker = new StreamWorker(requestId, out, stream, token, start.sampleRate());
    MessageConsumer<AudioChunk> audio = vertx.eventBus().consumer(Addresses.speechAudio(requestId), chunk -> {
      String sent = chunk.headers().get(Addresses.SENT_AT_HEADER);
      if (sent != null && frameForward != null) {
        frameForward.record(Math.max(0, Addresses.epochMicros() - Long.parseLong(sent)), TimeUnit.MICROSECONDS);
      }
      worker.offer(chunk.body().pcm());
    });
    token.onCancel(() -> {
      audio.unregister();
      worker.cancel();
    });
    audio.completion().onSuccess(v -> message.reply(new JsonObject().put("audio", Addresses.speechAudio(requestId))))
        .onFailure(err -> StageFailure.FAILED.fail(message, err.getMessage()));
  }
}
