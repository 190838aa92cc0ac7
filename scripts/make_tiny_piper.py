#!/usr/bin/python3
"""Writes a tiny Piper-format voice (ONNX + .onnx.json) with random weights, for testing Nexus's piper engine.

The model has Piper's exact interface -- inputs `input` (phoneme ids, int64 [1, N]), `input_lengths`
(int64 [1]), `scales` (float [3]: noise, length, noise_w); output `output` (float [1, 1, 1, samples]) --
and a phoneme_id_map over espeak-ng's IPA symbols, so it proves loading, phonemization, id mapping,
inference, chunking and cancellation. It says nothing intelligible: its weights are random.
Run by hand with Debian's python3-torch (for /usr/bin/python3):
    /usr/bin/python3 scripts/make_tiny_piper.py
"""
import json
import sys

import torch
from torch import nn

OUT = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/models/piper/nexus-tiny-random.onnx"
HOP = 256          # samples per phoneme id at length_scale 1
RATE = 16000

SYMBOLS = ["_", "^", "$", " ", "!", "'", "(", ")", ",", "-", ".", ":", ";", "?"]
SYMBOLS += list("abcdefghijklmnopqrstuvwxyz")
SYMBOLS += list("æçðøħŋœǀǁǂǃɐɑɒɓɔɕɖɗɘəɚɛɜɞɟɠɡɢɣɤɥɦɧɨɪɫɬɭɮɯɰɱɲɳɴɵɶɸɹɺɻɽɾʀʁʂʃʄʈʉʊʋʌʍʎʏʐʑʒʔʕʘʙʛʜʝʟʡʢʲˈˌːˑ˞βθχᵻⱱ")
SYMBOLS += ["\u0303", "\u0329", "\u032a", "\u032f", "\u033a", "\u033b", "\u0361"]
ID_MAP = {s: [i] for i, s in enumerate(SYMBOLS)}


class TinyPiper(nn.Module):
    def __init__(self, vocab, dim=32):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.conv = nn.Conv1d(dim, dim, 3, padding=1)
        self.out = nn.Linear(dim, HOP)

    def forward(self, input, input_lengths, scales):
        x = self.embed(input)                                   # [1, N, dim]
        x = torch.tanh(self.conv(x.transpose(1, 2))).transpose(1, 2)
        # every input takes part, as in a real Piper graph (an unused input is pruned from the export)
        n = input_lengths.to(torch.float32).reshape(1, 1, 1)
        gain = 0.3 * scales[0] / 0.667 * (scales[2] / 0.8) * (n / n)
        frames = torch.tanh(self.out(x) * scales[1]) * gain
        return frames.reshape(1, 1, 1, -1)                      # [1, 1, 1, N * HOP]


torch.manual_seed(20261124)
model = TinyPiper(len(SYMBOLS)).eval()
ids = torch.tensor([[1, 0, 20, 0, 30, 0, 2]], dtype=torch.int64)
torch.onnx.export(model, (ids, torch.tensor([7], dtype=torch.int64), torch.tensor([0.667, 1.0, 0.8])), OUT,
                  input_names=["input", "input_lengths", "scales"], output_names=["output"],
                  dynamic_axes={"input": {1: "phonemes"}, "output": {3: "samples"}}, opset_version=13)
config = {
    "dataset": "nexus-tiny-random",
    "audio": {"sample_rate": RATE, "quality": "x_low"},
    "espeak": {"voice": "en-us"},
    "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
    "phoneme_type": "espeak",
    "phoneme_id_map": ID_MAP,
    "num_symbols": len(SYMBOLS),
    "num_speakers": 1,
    "speaker_id_map": {},
}
with open(OUT + ".json", "w", encoding="utf-8") as f:
    json.dump(config, f, ensure_ascii=False, indent=1)
print("wrote", OUT, "and its .json:", len(SYMBOLS), "symbols")
