package dev.nexus.speech.pocketsphinx;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The part of libpocketsphinx (5prealpha, as Debian ships it) and libsphinxbase that Nexus calls. */
interface PocketSphinxLibrary extends Library {
  Pointer ps_args();

  Pointer ps_init(Pointer config);

  int ps_start_utt(Pointer decoder);

  int ps_process_raw(Pointer decoder, short[] data, long samples, int noSearch, int fullUtterance);

  int ps_end_utt(Pointer decoder);

  String ps_get_hyp(Pointer decoder, IntByReference bestScore);

  Pointer ps_seg_iter(Pointer decoder);

  Pointer ps_seg_next(Pointer segment);

  String ps_seg_word(Pointer segment);

  void ps_seg_frames(Pointer segment, IntByReference startFrame, IntByReference endFrame);

  void ps_seg_free(Pointer segment);

  int ps_free(Pointer decoder);

  /** libsphinxbase's configuration parser. */
  interface SphinxBase extends Library {
    Pointer cmd_ln_init(Pointer inout, Pointer definitions, int strict, Object... arguments);

    int cmd_ln_free_r(Pointer config);
  }

  static PocketSphinxLibrary load() {
    try {
      return Native.load(choose("pocketsphinx", "libpocketsphinx.so.3"), PocketSphinxLibrary.class);
    } catch (UnsatisfiedLinkError e) {
      throw new IllegalStateException("libpocketsphinx is not installed (Debian/Ubuntu: apt-get install "
          + "libpocketsphinx3 pocketsphinx-en-us): " + e.getMessage());
    }
  }

  static SphinxBase loadSphinxBase() {
    return Native.load(choose("sphinxbase", "libsphinxbase.so.3"), SphinxBase.class);
  }

  private static String choose(String plain, String versioned) {
    try {
      NativeLibrary.getInstance(plain);
      return plain;
    } catch (UnsatisfiedLinkError e) {
      return versioned;
    }
  }
}
