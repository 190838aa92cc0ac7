package dev.nexus.synthesis.espeak;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/** The part of libespeak-ng's C API (speak_lib.h) that Nexus calls, through JNA. */
interface EspeakLibrary extends Library {
  int AUDIO_OUTPUT_SYNCHRONOUS = 2;
  int POS_CHARACTER = 1;
  int CHARS_UTF8 = 1;
  /** Adds a sentence pause at the end of the text. */
  int END_PAUSE = 0x1000;
  int RATE = 1;
  int PITCH = 3;
  int RATE_MINIMUM = 80;
  int RATE_MAXIMUM = 450;
  int RATE_NORMAL = 175;
  /** espeak_TextToPhonemes: phoneme names in IPA, as UTF-8. */
  int PHONEMES_IPA = 0x02;
  int EVENT_LIST_TERMINATED = 0;
  int EVENT_WORD = 1;
  /** sizeof(espeak_EVENT) on LP64: six ints, a pointer and an 8-byte union. */
  int EVENT_SIZE = 40;
  /** sizeof(espeak_VOICE) on LP64. */
  int VOICE_SIZE = 40;

  /** {@code int SynthCallback(short *wav, int numsamples, espeak_EVENT *events)}. */
  interface SynthCallback extends Callback {
    int invoke(Pointer wav, int numSamples, Pointer events);
  }

  int espeak_Initialize(int output, int bufferMs, String path, int options);

  void espeak_SetSynthCallback(SynthCallback callback);

  int espeak_Synth(Pointer text, long size, int position, int positionType, int endPosition,
      int flags, Pointer uniqueIdentifier, Pointer userData);

  int espeak_Synchronize();

  int espeak_SetVoiceByName(String name);

  int espeak_SetParameter(int parameter, int value, int relative);

  Pointer espeak_ListVoices(Pointer voiceSpec);

  String espeak_Info(PointerByReference pathData);

  int espeak_Terminate();

  /** Phonemes of the next clause of {@code *textPointer}, which it advances (to null at the end). */
  String espeak_TextToPhonemes(PointerByReference textPointer, int textMode, int phonemeMode);

  /** Loads libespeak-ng (the -dev package's unversioned name first, then the runtime's .so.1). */
  static EspeakLibrary load() {
    UnsatisfiedLinkError first = null;
    for (String name : new String[] {"espeak-ng", "libespeak-ng.so.1"}) {
      try {
        return Native.load(name, EspeakLibrary.class);
      } catch (UnsatisfiedLinkError e) {
        first = first == null ? e : first;
      }
    }
    throw new IllegalStateException("libespeak-ng is not installed (Debian/Ubuntu: apt-get install "
        + "libespeak-ng1 espeak-ng-data): " + first.getMessage());
  }
}
