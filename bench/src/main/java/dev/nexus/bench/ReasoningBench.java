package dev.nexus.bench;

import dev.nexus.bus.ChatMessage;
import dev.nexus.knowledge.Embedder;
import dev.nexus.reasoning.engine.LanguageModel;
import dev.nexus.reasoning.grounded.GroundedModel;
import dev.nexus.reasoning.llamacpp.LlamaCppModel;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Language model engines: time to the first token and to the whole answer, for the grounded engine
 * and for llama.cpp with the tiny random GGUF of the tests (it measures the engine's overhead and
 * llama.cpp's per-token cost at the smallest size, not a real model's speed). {@code repeat} is the
 * prompt-repetition A/B: the same call with the user's message sent twice.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReasoningBench {
  static final String SOURCE = "Nexus is a self-hosted voice server. It speaks the OpenAI Realtime protocol. "
      + "Podcasts on Nexus can be interrupted at any moment. The hosts answer the listener's question. "
      + "Then the episode resumes where the listener stopped hearing it. Speech synthesis uses espeak-ng. "
      + "Speech recognition uses Whisper or PocketSphinx. Tools plug in over the event bus. "
      + "The grounded engine answers from its sources with sentence embeddings. "
      + "It runs on two cores without a GPU. Vert.x carries every message between the verticles.";

  @Param({"false", "true"})
  public boolean repeat;

  private GroundedModel grounded;
  private LlamaCppModel llama;
  private LanguageModel.Call groundedCall;
  private LanguageModel.Call llamaCall;

  /** Counts tokens; stops after the first when asked to. */
  static final class Counter implements LanguageModel.Sink {
    final boolean firstOnly;
    int tokens;

    Counter(boolean firstOnly) {
      this.firstOnly = firstOnly;
    }

    @Override
    public boolean token(String text) {
      tokens++;
      return !firstOnly;
    }

    @Override
    public boolean active() {
      return !(firstOnly && tokens > 0);
    }

    @Override
    public void onCancel(Runnable action) {
    }
  }

  @Setup(Level.Trial)
  public void setup() {
    grounded = new GroundedModel(Embedder.shared(), ReasoningBench::now, 3, 0.3);
    String question = "How does a podcast continue after the listener interrupts it?";
    String asked = repeat ? question + "\n\n" + question : question;
    groundedCall = new LanguageModel.Call(GroundedModel.MODEL,
        List.of(ChatMessage.system(SOURCE), ChatMessage.user(asked)), List.of(), "none", null, null);
    Path gguf = Path.of(System.getProperty("nexus.gguf", "src/test/resources/models/tiny-random-llama.gguf"));
    llama = new LlamaCppModel(new LlamaCppModel.Options(gguf, "tiny", 1024, 2, 0, 32, 0.8f, 7), ReasoningBench::now);
    llamaCall = new LanguageModel.Call("tiny", List.of(ChatMessage.system(SOURCE), ChatMessage.user(asked)),
        List.of(), "none", 0.8, 32);
  }

  /** Runs the engine's blocking work right here: a benchmark thread is no event loop. */
  static Future<LanguageModel.Reply> now(java.util.concurrent.Callable<LanguageModel.Reply> work) {
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    llama.close();
  }

  @Benchmark
  public int groundedFirstToken() {
    Counter c = new Counter(true);
    grounded.generate(groundedCall, c).result();
    return c.tokens;
  }

  @Benchmark
  public int groundedWholeAnswer() {
    Counter c = new Counter(false);
    grounded.generate(groundedCall, c).result();
    return c.tokens;
  }

  @Benchmark
  public int llamaCppFirstToken() {
    Counter c = new Counter(true);
    llama.generate(llamaCall, c).result();
    return c.tokens;
  }

  /** 32 sampled tokens (or fewer if the random model ends its answer): divide for tokens/s. */
  @Benchmark
  public int llamaCpp32Tokens() {
    Counter c = new Counter(false);
    llama.generate(llamaCall, c).result();
    return c.tokens;
  }
}
