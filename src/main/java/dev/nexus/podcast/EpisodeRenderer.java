package dev.nexus.podcast;

import dev.nexus.audio.Wav;
import dev.nexus.bus.WordTiming;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Speaks a script: each turn in its host's voice, a gap after each, segment by segment. A segment's turns and words
 * are timed from the segment's start, then placed at the segment's start in the episode, so a segment keeps its
 * inner timings wherever it moves. Makes the episode's WAV and its layout, keeps each segment once spoken (for a
 * restart), and re-speaks only the changed segments of an edited script.
 *
 * @param gapMs the silence after each turn
 */
record EpisodeRenderer(EpisodeStore store, Blocking blocking, int sampleRate, int gapMs) {
  /** A segment spoken: its turns timed from the segment's start, and its audio (each turn followed by the gap). */
  record Spoken(PodcastScript.Segment segment, byte[] pcm) {
  }

  /** A whole episode's audio: the script with its timings, each segment's PCM in order. */
  record Rendered(PodcastScript script, List<byte[]> pcm) {
    List<Integer> layout() {
      return pcm.stream().map(p -> p.length).toList();
    }

    int bytes() {
      return pcm.stream().mapToInt(p -> p.length).sum();
    }

    byte[] header() {
      return Wav.header(script.audio().sampleRate(), 1, bytes());
    }
  }

  /** Told as rendering goes. */
  interface Progress {
    /** {@code segments} were spoken by an earlier run and are kept. */
    void resumed(int segments);

    /** Another turn is spoken: {@code done} of {@code total}. */
    void spoken(int done, int total);
  }

  /**
   * Speaks every segment not kept by an earlier run (keeping each once spoken), then writes the episode's audio,
   * layout and script with its timings.
   */
  Future<PodcastScript> render(PodcastScript script, Stages stages, Progress progress) {
    return blocking.run(() -> store.readParts(script.id())).compose(kept -> {
      List<byte[]> pcm = new ArrayList<>();
      List<PodcastScript.Segment> segments = new ArrayList<>();
      int[] done = {0};
      for (EpisodeStore.Part part : kept.subList(0, Math.min(kept.size(), script.segments().size()))) {
        pcm.add(part.pcm());
        segments.addAll(part.timing().segments());
        done[0] += part.timing().turns().size();
      }
      if (!segments.isEmpty()) {
        progress.resumed(segments.size());
      }
      int total = script.turns().size();
      Future<Void> chain = Future.succeededFuture();
      for (int index = segments.size(); index < script.segments().size(); index++) {
        int number = index;
        chain = chain.compose(v -> speak(script, script.segments().get(number), sampleRate, stages,
            () -> progress.spoken(++done[0], total)).compose(spoken -> {
              long at = bytes(pcm);
              PodcastScript.Segment placed = shift(spoken.segment(), ms(at, sampleRate));
              segments.add(placed);
              pcm.add(spoken.pcm());
              PodcastScript timing = script.withSegments(List.of(placed),
                  new PodcastScript.Audio(sampleRate, ms(at + spoken.pcm().length, sampleRate)));
              return blocking.run(() -> {
                store.writePart(script.id(), number, timing, spoken.pcm());
                return null;
              });
            }));
      }
      return chain.compose(v -> {
        Rendered rendered = new Rendered(script.withSegments(segments,
            new PodcastScript.Audio(sampleRate, ms(bytes(pcm), sampleRate))), pcm);
        return blocking.run(() -> {
          store.writeAudio(script.id(), rendered.header(), pcm);
          store.writeLayout(script.id(), rendered.layout());
          store.writeScript(rendered.script());
          return rendered.script();
        });
      });
    });
  }

  /**
   * An edited episode's audio: the segments in {@code changed} spoken again, the others' audio kept from the stored
   * episode and their timings moved by how much earlier segments grew or shrank. {@code edited} is the stored
   * script with the edits made (same segments; the kept ones still timed as stored).
   */
  Future<Rendered> rerender(PodcastScript edited, Set<Integer> changed, Stages stages) {
    int rate = edited.audio().sampleRate();
    return blocking.run(() -> slices(edited, store.readPcm(edited.id()), store.readLayout(edited.id())))
        .compose(old -> {
          List<Spoken> spoken = new ArrayList<>();
          Future<Void> chain = Future.succeededFuture();
          for (int i = 0; i < edited.segments().size(); i++) {
            PodcastScript.Segment segment = edited.segments().get(i);
            boolean again = changed.contains(i);
            chain = chain.compose(v -> !again ? Future.<Spoken>succeededFuture(null)
                : speak(edited, segment, rate, stages, () -> { }))
                .map(s -> {
                  spoken.add(s);
                  return null;
                });
          }
          return chain.map(v -> {
            List<byte[]> pcm = new ArrayList<>();
            List<PodcastScript.Segment> segments = new ArrayList<>();
            for (int i = 0; i < edited.segments().size(); i++) {
              long at = ms(bytes(pcm), rate);
              Spoken fresh = spoken.get(i);
              PodcastScript.Segment kept = edited.segments().get(i);
              segments.add(fresh != null ? shift(fresh.segment(), at)
                  : shift(kept, at - kept.turns().get(0).startMs()));
              pcm.add(fresh != null ? fresh.pcm() : old.get(i));
            }
            return new Rendered(edited.withSegments(segments, new PodcastScript.Audio(rate, ms(bytes(pcm), rate))),
                pcm);
          });
        });
  }

  /**
   * The stored PCM cut into its segments: by the layout, or (an episode rendered before layouts were kept) at each
   * segment's first turn's start.
   */
  static List<byte[]> slices(PodcastScript script, byte[] pcm, List<Integer> layout) {
    int segments = script.segments().size();
    int[] starts = new int[segments + 1];
    starts[segments] = pcm.length;
    for (int i = 1; i < segments; i++) {
      starts[i] = layout != null && layout.size() == segments ? starts[i - 1] + layout.get(i - 1)
          : (int) Math.min(pcm.length, script.segments().get(i).turns().get(0).startMs()
              * script.audio().sampleRate() / 1000 * 2);
    }
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < segments; i++) {
      int from = Math.min(starts[i], pcm.length);
      out.add(Arrays.copyOfRange(pcm, from, Math.max(from, Math.min(starts[i + 1], pcm.length))));
    }
    return out;
  }

  /** Speaks one segment's turns in order, each followed by the gap, timed from the segment's start. */
  private Future<Spoken> speak(PodcastScript script, PodcastScript.Segment segment, int rate, Stages stages,
      Runnable turnDone) {
    List<PodcastScript.Turn> turns = new ArrayList<>();
    ByteArrayOutputStream audio = new ByteArrayOutputStream();
    byte[] gap = new byte[gapMs * rate / 1000 * 2];
    Future<Void> chain = Future.succeededFuture();
    for (PodcastScript.Turn turn : segment.turns()) {
      chain = chain.compose(v -> stages.speak(turn.text(), script.host(turn.host()).voice(), rate).map(speech -> {
        long start = ms(audio.size(), rate);
        List<PodcastScript.Word> words = new ArrayList<>();
        for (WordTiming w : speech.words()) {
          words.add(new PodcastScript.Word(w.word(), w.textOffset(), start + w.startMs()));
        }
        audio.writeBytes(speech.pcm());
        turns.add(new PodcastScript.Turn(turn.host(), turn.text(), start, ms(audio.size(), rate), words));
        audio.writeBytes(gap);
        turnDone.run();
        return null;
      }));
    }
    return chain.map(v -> new Spoken(new PodcastScript.Segment(segment.title(), turns), audio.toByteArray()));
  }

  /** A segment with every turn and word moved by {@code ms}. */
  static PodcastScript.Segment shift(PodcastScript.Segment segment, long ms) {
    if (ms == 0) {
      return segment;
    }
    return new PodcastScript.Segment(segment.title(), segment.turns().stream().map(t -> new PodcastScript.Turn(
        t.host(), t.text(), t.startMs() + ms, t.endMs() + ms, t.words() == null ? null : t.words().stream()
            .map(w -> new PodcastScript.Word(w.word(), w.offset(), w.startMs() + ms)).toList())).toList());
  }

  private static long bytes(List<byte[]> pcm) {
    return pcm.stream().mapToLong(p -> p.length).sum();
  }

  /** Where {@code bytes} of PCM16 end, in whole milliseconds. */
  private static long ms(long bytes, int rate) {
    return bytes / 2 * 1000 / rate;
  }
}
