package dev.nexus.synthesis.flite;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of libflite's C API (flite.h, cst_audio.h, cst_item.h) that Nexus calls, through JNA.
 * Voices live in libraries of their own ({@code libflite_cmu_us_slt.so}, ...), each with a
 * {@code register_cmu_us_<name>(const char *voxdir)} function: see {@link #registerVoice}.
 */
interface FliteLibrary extends Library {
  /** What the audio-streaming callback returns to go on, or to stop synthesis at once. */
  int STREAM_CONTINUE = 0;
  int STREAM_STOP = -1;
  /** Offsets in {@code cst_audio_streaming_info} (LP64): int min_buffsize, then the callback, utt, item, userdata. */
  long ASI_CALLBACK = 8;
  long ASI_UTTERANCE = 16;
  /** Offsets in {@code cst_wave} (LP64): const char *type, int sample_rate, int num_samples, int num_channels, short *samples. */
  long WAVE_RATE = 8;
  long WAVE_SAMPLES = 24;
  /** Offset of {@code features} in {@code cst_voice}, after its name. */
  long VOICE_FEATURES = 8;
  /** The voice libraries loaded, strongly held. */
  List<NativeLibrary> VOICE_LIBRARIES = new ArrayList<>();

  /** {@code int asc(const cst_wave *w, int start, int size, int last, cst_audio_streaming_info *asi)}. */
  interface StreamCallback extends Callback {
    int invoke(Pointer wave, int start, int size, int last, Pointer info);
  }

  int flite_init();

  Pointer flite_synth_text(String text, Pointer voice);

  void delete_utterance(Pointer utterance);

  Pointer new_audio_streaming_info();

  Pointer audio_streaming_info_val(Pointer info);

  /** Flite keeps {@code name} itself (it does not copy keys): pass a {@link #key} that lives for ever. */
  void feat_set(Pointer features, Pointer name, Pointer value);

  /** As {@link #feat_set}, {@code name} must live for ever. */
  void flite_feat_set_float(Pointer features, Pointer name, float value);

  int feat_present(Pointer features, String name);

  float get_param_float(Pointer features, String name, float fallback);

  Pointer utt_relation(Pointer utterance, String relation);

  Pointer relation_head(Pointer relation);

  Pointer item_next(Pointer item);

  String item_feat_string(Pointer item, String name);

  float ffeature_float(Pointer item, String path);

  /** A feature name in native memory that is never freed, as Flite's feature keys must be. */
  static Pointer key(String name) {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    Memory memory = new Memory(ascii.length + 1L);
    memory.write(0, ascii, 0, ascii.length);
    memory.setByte(ascii.length, (byte) 0);
    return memory;
  }

  /** Loads libflite (the -dev package's unversioned name first, then the runtime's .so.1) and initialises it. */
  static FliteLibrary load() {
    FliteLibrary lib = Native.load(library("flite").getName(), FliteLibrary.class);
    lib.flite_init();
    return lib;
  }

  /**
   * Loads {@code libflite_cmu_us_<voice>} and returns its registered {@code cst_voice}. The library is
   * held for ever: a collected {@link NativeLibrary} is closed (dlclose), and the voice's data with it.
   */
  static Pointer registerVoice(String voice) {
    NativeLibrary library = library("flite_cmu_us_" + voice);
    synchronized (VOICE_LIBRARIES) {
      VOICE_LIBRARIES.add(library);
    }
    Pointer registered = library.getFunction("register_cmu_us_" + voice).invokePointer(new Object[] {null});
    if (registered == null) {
      throw new IllegalStateException("register_cmu_us_" + voice + " returned no voice");
    }
    return registered;
  }

  private static NativeLibrary library(String name) {
    UnsatisfiedLinkError first = null;
    for (String candidate : new String[] {name, "lib" + name + ".so.1"}) {
      try {
        return NativeLibrary.getInstance(candidate);
      } catch (UnsatisfiedLinkError e) {
        first = first == null ? e : first;
      }
    }
    throw new IllegalStateException("lib" + name + " is not installed (Debian/Ubuntu: apt-get install flite "
        + "libflite1 flite1-dev): " + first.getMessage());
  }
}
