package dev.nexus.speech.whisper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whisper's tokenizer: byte-level BPE over a tiktoken rank file ({@code gpt2.tiktoken} for the
 * English-only models, {@code multilingual.tiktoken} for the others), followed by Whisper's special
 * tokens: end of text, start of transcript, one per language, translate, transcribe, start of LM,
 * start of previous, no speech, no timestamps, and 1501 timestamps from 0.00 to 30.00 s.
 */
public final class WhisperTokenizer {
  /** Whisper's languages, in token order (the first 99; large-v3 adds "yue"). */
  public static final List<String> LANGUAGES = List.of("en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl",
      "ca", "nl", "ar", "sv", "it", "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no",
      "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr", "az", "sl", "kn", "et",
      "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr", "pa", "si", "km", "sn", "yo", "so",
      "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo", "ht", "ps", "tk", "nn", "mt", "sa", "lb",
      "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su", "yue");
  private static final Pattern PIECES = Pattern.compile(
      "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

  private final Map<Key, Integer> ranks = new HashMap<>();
  private final byte[][] tokens;
  private final Map<String, Integer> specials = new HashMap<>();
  private final String[] specialNames;
  private final int baseVocabulary;
  private final int languages;

  /** Loads a rank file; {@code languages} is 99 for Whisper v1/v2 models and 100 for large-v3. */
  public WhisperTokenizer(Path tiktoken, int languages) throws IOException {
    List<String> lines = Files.readAllLines(tiktoken, StandardCharsets.US_ASCII);
    List<byte[]> base = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.trim().split(" ");
      // multilingual.tiktoken's last entry is "=": an empty token, which Python's decoder accepts
      byte[] bytes = parts[0].replace("=", "").isEmpty() ? new byte[0] : Base64.getDecoder().decode(parts[0]);
      int rank = Integer.parseInt(parts[1]);
      if (rank != base.size()) {
        throw new IOException(tiktoken + ": ranks must run 0, 1, 2, ... (line " + (base.size() + 1) + ")");
      }
      ranks.put(new Key(bytes), rank);
      base.add(bytes);
    }
    this.baseVocabulary = base.size();
    this.languages = languages;
    List<String> names = new ArrayList<>();
    names.add("<|endoftext|>");
    names.add("<|startoftranscript|>");
    for (String language : LANGUAGES.subList(0, languages)) {
      names.add("<|" + language + "|>");
    }
    names.addAll(List.of("<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nospeech|>",
        "<|notimestamps|>"));
    for (int i = 0; i <= 1500; i++) {
      names.add(String.format(Locale.ROOT, "<|%.2f|>", i * 0.02));
    }
    specialNames = names.toArray(new String[0]);
    for (int i = 0; i < specialNames.length; i++) {
      specials.put(specialNames[i], baseVocabulary + i);
    }
    tokens = base.toArray(new byte[0][]);
  }

  /** All token ids, base and special. */
  public int size() {
    return baseVocabulary + specialNames.length;
  }

  /** The id of a special token such as {@code <|transcribe|>}. */
  public int special(String name) {
    Integer id = specials.get(name);
    if (id == null) {
      throw new IllegalArgumentException("no special token " + name);
    }
    return id;
  }

  public int endOfText() {
    return baseVocabulary;
  }

  public int startOfTranscript() {
    return baseVocabulary + 1;
  }

  /** The language token, e.g. {@code <|en|>}. */
  public int language(String code) {
    int index = LANGUAGES.indexOf(code);
    if (index < 0 || index >= languages) {
      throw new IllegalArgumentException("Whisper has no language '" + code + "'");
    }
    return baseVocabulary + 2 + index;
  }

  public int transcribe() {
    return special("<|transcribe|>");
  }

  public int translate() {
    return special("<|translate|>");
  }

  public int noTimestamps() {
    return special("<|notimestamps|>");
  }

  public int noSpeech() {
    return special("<|nospeech|>");
  }

  /** The first timestamp token, {@code <|0.00|>}; each next one is 20 ms later. */
  public int timestampBegin() {
    return special("<|0.00|>");
  }

  /** The ids of ordinary text (special tokens' spellings in the text are encoded as text). */
  /**
   * The tokens Whisper suppresses so that it does not write what is not speech (speaker tags, music signs,
   * brackets): each symbol that is one token, alone or after a space, every token that starts a musical sign, and the
   * tokens of " -" and " '". It is how openai/whisper computes its default suppress list; Nexus uses it when a
   * model's generation_config.json gives none.
   */
  public SortedSet<Integer> nonSpeechTokens() {
    List<String> symbols = new ArrayList<>();
    for (char c : "\"#()*+/:;<=>@[\\]^_`{|}~「」『』".toCharArray()) {
      symbols.add(String.valueOf(c));
    }
    symbols.addAll(List.of("<<", ">>", "<<<", ">>>", "--", "---", "-(", "-[", "('", "(\"", "((", "))", "(((", ")))",
        "[[", "]]", "{{", "}}", "♪♪", "♪♪♪"));
    List<String> musical = List.of("♩", "♪", "♫", "♬", "♭", "♮", "♯");
    SortedSet<Integer> out = new TreeSet<>();
    out.add(encode(" -")[0]);
    out.add(encode(" '")[0]);
    List<String> all = new ArrayList<>(symbols);
    all.addAll(musical);
    for (String symbol : all) {
      for (int[] tokens : List.of(encode(symbol), encode(" " + symbol))) {
        if (tokens.length == 1 || musical.contains(symbol)) {
          out.add(tokens[0]);
        }
      }
    }
    return out;
  }

  public int[] encode(String text) {
    List<Integer> out = new ArrayList<>();
    Matcher m = PIECES.matcher(text);
    while (m.find()) {
      byte[] piece = m.group().getBytes(StandardCharsets.UTF_8);
      Integer whole = ranks.get(new Key(piece));
      if (whole != null) {
        out.add(whole);
      } else {
        merge(piece, out);
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** tiktoken's byte-pair merge: join the adjacent pair of lowest rank until none is in the vocabulary. */
  private void merge(byte[] piece, List<Integer> out) {
    List<byte[]> parts = new ArrayList<>();
    for (byte b : piece) {
      parts.add(new byte[] {b});
    }
    while (parts.size() > 1) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < parts.size(); i++) {
        Integer rank = ranks.get(new Key(concat(parts.get(i), parts.get(i + 1))));
        if (rank != null && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      parts.set(best, concat(parts.get(best), parts.remove(best + 1)));
    }
    for (byte[] part : parts) {
      Integer rank = ranks.get(new Key(part));
      if (rank == null) {
        throw new IllegalStateException("the vocabulary lacks the byte " + Arrays.toString(part));
      }
      out.add(rank);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** The text of the ids; special tokens appear by name. */
  public String decode(int[] ids) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int id : ids) {
      byte[] piece = id < baseVocabulary ? tokens[id] : specialNames[id - baseVocabulary].getBytes(StandardCharsets.UTF_8);
      bytes.write(piece, 0, piece.length);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The text of the ids without any special token. */
  public String decodeText(int[] ids) {
    return decode(Arrays.stream(ids).filter(id -> id < baseVocabulary).toArray());
  }

  private record Key(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }
  }
}
