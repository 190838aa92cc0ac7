#!/usr/bin/python3
"""Reference log-mel features for Nexus's Whisper front end, computed the way Whisper computes them.

Whisper's log_mel_spectrogram: the audio padded with 30 s of zeros, torch.stft (n_fft 400, hop 160,
periodic Hann window, centred with reflect padding), power spectrum without the last frame, the mel
filter bank from mel_filters.npz, log10 clamped at 1e-10, floored at (max - 8), then (x + 4) / 4.
The input is a deterministic 2 s signal (two sines and LCG noise) that the Java test generates
identically. Writes the first 200 frames of each bank size as little-endian float32.
Run by hand with Debian's python3-torch:
    /usr/bin/python3 scripts/make_whisper_mel_reference.py ../shared/models/whisper/mel_filters.npz
"""
import sys

import numpy as np
import torch

FILTERS = sys.argv[1] if len(sys.argv) > 1 else "../shared/models/whisper/mel_filters.npz"
RATE, N_FFT, HOP, N_SAMPLES, FRAMES = 16000, 400, 160, 480000, 200


def signal():
    n = 2 * RATE
    out = np.zeros(n, dtype=np.float64)
    state = 12345
    for i in range(n):
        state = (state * 1103515245 + 12345) % (1 << 31)
        noise = state / float(1 << 31) * 2.0 - 1.0
        out[i] = (0.3 * np.sin(2 * np.pi * 220.0 * i / RATE) + 0.2 * np.sin(2 * np.pi * 1234.5 * i / RATE + 0.5)
                  + 0.05 * noise)
    return out.astype(np.float32)


def log_mel(audio, filters):
    audio = torch.nn.functional.pad(torch.from_numpy(audio), (0, N_SAMPLES))
    stft = torch.stft(audio, N_FFT, HOP, window=torch.hann_window(N_FFT), return_complex=True)
    magnitudes = stft[..., :-1].abs() ** 2
    mel = torch.from_numpy(filters) @ magnitudes
    log_spec = torch.clamp(mel, min=1e-10).log10()
    log_spec = torch.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).numpy()


if __name__ == "__main__":
    bank = np.load(FILTERS)
    audio = signal()
    for bins in (80, 128):
        mel = log_mel(audio, bank["mel_%d" % bins])
        assert mel.shape == (bins, 3200), mel.shape
        out = "src/test/resources/whisper/mel%d-reference.f32" % bins
        mel[:, :FRAMES].astype("<f4").tofile(out)
        print("wrote", out, mel.shape, "first", FRAMES, "frames; max", mel.max(), "min", mel.min())
