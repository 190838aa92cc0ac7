package dev.nexus.speech.pocketsphinx;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import dev.nexus.speech.engine.SpeechRecognizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * CMU PocketSphinx in-process through JNA, with the en-us acoustic model, language model and
 * dictionary from Debian's pocketsphinx-en-us. Streaming: audio is decoded as it arrives, so a
 * partial hypothesis costs nothing extra. Decoders are costly to create (about half a second) and not
 * thread-safe, so a fixed pool of them serves the sessions; a decoder adapts to the audio it hears, so
 * it serves one session only, and is replaced by a fresh one, built in the background, when the
 * session closes. No request's audio can change another's transcript.
 */
public final class PocketSphinxRecognizer implements SpeechRecognizer {
  /** Where Debian's pocketsphinx-en-us installs the model. */
  public static final Path DEBIAN_MODEL = Path.of("/usr/share/pocketsphinx/model/en-us");
  private static final int FRAMES_PER_SECOND = 100;
  private static final int ACQUIRE_SECONDS = 5;

  private final PocketSphinxLibrary ps = PocketSphinxLibrary.load();
  private final BlockingQueue<Pointer> decoders;
  private final List<Pointer> all = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService refill = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "pocketsphinx-refill");
    t.setDaemon(true);
    return t;
  });
  private final Path hmm;
  private final Path lm;
  private final Path dict;
  private final Path model;
  private final int poolSize;
  private final PocketSphinxLibrary.SphinxBase sphinxBase;
  /** Native calls hold the read lock; close() takes the write lock, so no decoder is freed while in use. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  /** Creates {@code poolSize} decoders over the model directory (hmm en-us, en-us.lm.bin, cmudict-en-us.dict). */
  public PocketSphinxRecognizer(Path model, int poolSize) {
    this.model = model;
    this.hmm = model.resolve("en-us");
    this.lm = model.resolve("en-us.lm.bin");
    this.dict = model.resolve("cmudict-en-us.dict");
    for (Path p : List.of(hmm, lm, dict)) {
      if (!Files.exists(p)) {
        throw new IllegalStateException("PocketSphinx model file missing: " + p
            + " (Debian/Ubuntu: apt-get install pocketsphinx-en-us)");
      }
    }
    this.sphinxBase = PocketSphinxLibrary.loadSphinxBase();
    this.poolSize = poolSize;
    decoders = new ArrayBlockingQueue<>(poolSize);
    for (int i = 0; i < poolSize; i++) {
      decoders.add(newDecoder());
    }
  }

  private Pointer newDecoder() {
    Pointer config = sphinxBase.cmd_ln_init(null, ps.ps_args(), 1, "-hmm", hmm.toString(), "-lm", lm.toString(),
        "-dict", dict.toString(), "-logfn", "/dev/null", null);
    Pointer decoder = config == null ? null : ps.ps_init(config);
    if (decoder == null) {
      throw new IllegalStateException("PocketSphinx could not initialise a decoder from " + model);
    }
    all.add(decoder);
    return decoder;
  }

  /** Frees a used decoder and puts a fresh one in the pool, off the caller's thread. */
  private void recycle(Pointer used) {
    refill.execute(() -> {
      lifecycle.readLock().lock();
      try {
        if (!closed) { // once closed, close() frees every decoder itself
          all.remove(used);
          ps.ps_free(used);
          decoders.add(newDecoder());
        }
      } finally {
        lifecycle.readLock().unlock();
      }
    });
  }

  /** Runs native work unless the recognizer is closed (then it throws IllegalStateException). */
  private <T> T guarded(Supplier<T> work) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the pocketsphinx recognizer is closed");
      }
      return work.get();
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public String name() {
    return "pocketsphinx";
  }

  @Override
  public void checkLanguage(String language) {
    if (language != null && !language.isBlank() && !language.toLowerCase().startsWith("en")) {
      throw new IllegalArgumentException("the pocketsphinx engine recognises English only (asked for '" + language + "')");
    }
  }

  @Override
  public Session start(String language) {
    checkLanguage(language);
    Pointer decoder;
    try {
      decoder = decoders.poll(ACQUIRE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a decoder", e);
    }
    if (decoder == null) {
      throw new IllegalStateException("all " + poolSize + " PocketSphinx decoders stayed busy for " + ACQUIRE_SECONDS
          + " s (more with engines.pocketsphinx.decoders in speech.yaml)");
    }
    return new PsSession(decoder);
  }

  /**
   * A whole recording in one call, in PocketSphinx's full-utterance mode: cepstral normalisation over
   * the whole recording rather than the running estimate a pooled decoder carries from earlier
   * sessions, so the same file always gives the same transcript.
   */
  @Override
  public Transcript transcribe(float[] samples, String language) {
    PsSession session = (PsSession) start(language);
    try {
      short[] pcm = PsSession.pcm(samples);
      guarded(() -> {
        ps.ps_start_utt(session.decoder);
        session.inUtterance = true;
        return ps.ps_process_raw(session.decoder, pcm, samples.length, 0, 1);
      });
      return session.finish();
    } finally {
      session.close();
    }
  }

  /** A dictionary word as a plain word: no alternate-pronunciation marks, no fillers or silences. */
  static String clean(String word) {
    if (word == null || word.startsWith("<") || word.startsWith("[") || word.startsWith("++")) {
      return null;
    }
    int alt = word.indexOf('(');
    return alt > 0 ? word.substring(0, alt) : word;
  }

  private final class PsSession implements Session {
    private final Pointer decoder;
    private boolean open = true;
    private boolean inUtterance;

    PsSession(Pointer decoder) {
      this.decoder = decoder;
    }

    @Override
    public void accept(float[] samples) {
      if (!open) {
        throw new IllegalStateException("this recognition session is closed");
      }
      short[] pcm = pcm(samples);
      guarded(() -> {
        if (!inUtterance) {
          ps.ps_start_utt(decoder);
          inUtterance = true;
        }
        return ps.ps_process_raw(decoder, pcm, pcm.length, 0, 0);
      });
    }

    static short[] pcm(float[] samples) {
      short[] pcm = new short[samples.length];
      for (int i = 0; i < samples.length; i++) {
        pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768f)));
      }
      return pcm;
    }

    @Override
    public String partial() {
      String hyp = open && inUtterance ? guarded(() -> ps.ps_get_hyp(decoder, new IntByReference())) : null;
      if (hyp == null) {
        return "";
      }
      List<String> words = new ArrayList<>();
      for (String w : hyp.trim().split("\\s+")) {
        String clean = clean(w);
        if (clean != null && !clean.isEmpty()) {
          words.add(clean);
        }
      }
      return String.join(" ", words);
    }

    @Override
    public Transcript finish() {
      if (!open || !inUtterance) {
        return new Transcript("", List.of(), "en");
      }
      return guarded(this::endUtterance);
    }

    private Transcript endUtterance() {
      inUtterance = false;
      ps.ps_end_utt(decoder);
      List<Word> words = new ArrayList<>();
      for (Pointer seg = ps.ps_seg_iter(decoder); seg != null; seg = ps.ps_seg_next(seg)) {
        String word = clean(ps.ps_seg_word(seg));
        if (word != null) {
          IntByReference start = new IntByReference();
          IntByReference end = new IntByReference();
          ps.ps_seg_frames(seg, start, end);
          words.add(new Word(word, start.getValue() * 1000L / FRAMES_PER_SECOND,
              (end.getValue() + 1) * 1000L / FRAMES_PER_SECOND));
        }
      }
      String text = String.join(" ", words.stream().map(Word::text).toList());
      return new Transcript(text, words, "en");
    }

    @Override
    public void close() {
      if (open) {
        open = false;
        lifecycle.readLock().lock();
        try {
          if (closed) {
            return; // close() freed every decoder
          }
          if (inUtterance) {
            ps.ps_end_utt(decoder);
            inUtterance = false;
          }
          recycle(decoder);
        } finally {
          lifecycle.readLock().unlock();
        }
      }
    }
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      closed = true;
    } finally {
      lifecycle.writeLock().unlock();
    }
    refill.shutdown();
    try {
      refill.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (all) {
      for (Pointer decoder : all) {
        ps.ps_free(decoder);
      }
      all.clear();
    }
  }
}
