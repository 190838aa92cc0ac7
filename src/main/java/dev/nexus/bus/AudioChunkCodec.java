package dev.nexus.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Compact binary wire form of an {@link AudioChunk}: a small header, the raw PCM, then the words. */
public final class AudioChunkCodec implements MessageCodec<AudioChunk, AudioChunk> {

  @Override
  public void encodeToWire(Buffer buffer, AudioChunk chunk) {
    putString(buffer, chunk.requestId());
    buffer.appendInt(chunk.seq()).appendInt(chunk.sampleRate()).appendLong(chunk.startMs());
    buffer.appendInt(chunk.pcm().length).appendBytes(chunk.pcm());
    buffer.appendInt(chunk.words().size());
    for (WordTiming w : chunk.words()) {
      putString(buffer, w.word());
      buffer.appendInt(w.textOffset()).appendLong(w.startMs());
    }
  }

  @Override
  public AudioChunk decodeFromWire(int pos, Buffer buffer) {
    int[] at = {pos};
    String requestId = getString(buffer, at);
    int seq = buffer.getInt(at[0]);
    int rate = buffer.getInt(at[0] + 4);
    long startMs = buffer.getLong(at[0] + 8);
    int pcmLength = buffer.getInt(at[0] + 16);
    at[0] += 20;
    byte[] pcm = buffer.getBytes(at[0], at[0] + pcmLength);
    at[0] += pcmLength;
    int wordCount = buffer.getInt(at[0]);
    at[0] += 4;
    List<WordTiming> words = new ArrayList<>(wordCount);
    for (int i = 0; i < wordCount; i++) {
      String word = getString(buffer, at);
      words.add(new WordTiming(word, buffer.getInt(at[0]), buffer.getLong(at[0] + 4)));
      at[0] += 12;
    }
    return new AudioChunk(requestId, seq, rate, startMs, pcm, words);
  }

  private static void putString(Buffer buffer, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  private static String getString(Buffer buffer, int[] at) {
    int length = buffer.getInt(at[0]);
    String value = buffer.getString(at[0] + 4, at[0] + 4 + length, "UTF-8");
    at[0] += 4 + length;
    return value;
  }

  @Override
  public AudioChunk transform(AudioChunk chunk) {
    return chunk;
  }

  @Override
  public String name() {
    return "nexus.audio-chunk";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
