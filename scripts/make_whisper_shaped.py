#!/usr/bin/python3
"""Writes a Whisper model with random weights and the real dimensions of whisper-tiny (384 wide, 6 heads, 4 encoder
and 4 decoder layers) or whisper-base (512 wide, 8 heads, 6+6), for measuring the engine at real size: its speed does
not depend on the weights' values. The weights go through the same path as `models pull whisper-*`: an OpenAI-layout
checkpoint converted by the exporter the jar ships (src/main/resources/whisper/export_whisper_onnx.py: encoder_model.onnx,
decoder_model_merged.onnx, config.json, generation_config.json). One change to generation_config.json: the end of
text is a suppressed token, so greedy decoding always runs to the caller's limit (a fixed number of decoded tokens,
whatever the random weights would say). Large files: write them under target/, never commit them.
    /usr/bin/python3 scripts/make_whisper_shaped.py tiny target/whisper-shaped/whisper-tiny-shaped
"""
import importlib.util
import json
import os
import sys
import tempfile

import torch

SIZES = {"tiny": (384, 6, 4), "base": (512, 8, 6)}  # width, heads, layers (encoder = decoder)
if len(sys.argv) != 3 or sys.argv[1] not in SIZES:
    sys.exit("usage: make_whisper_shaped.py tiny|base OUT_DIR")
size, out = sys.argv[1], sys.argv[2]
width, heads, layers = SIZES[size]
DIMS = {"n_mels": 80, "n_audio_ctx": 1500, "n_audio_state": width, "n_audio_head": heads, "n_audio_layer": layers,
        "n_vocab": 51865, "n_text_ctx": 448, "n_text_state": width, "n_text_head": heads, "n_text_layer": layers}
EOT = 50257

torch.manual_seed(20261129)
spec = importlib.util.spec_from_file_location("exporter", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                                       "src", "main", "resources", "whisper",
                                                                       "export_whisper_onnx.py"))
exporter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exporter)
model = exporter.Whisper(DIMS, position_init=lambda n, d: torch.randn(n, d) * 0.1).eval()
with tempfile.TemporaryDirectory() as tmp:
    checkpoint = os.path.join(tmp, "whisper-%s-shaped.pt" % size)
    torch.save({"dims": DIMS, "model_state_dict": model.state_dict()}, checkpoint)
    exporter.main(checkpoint, out)
generation = json.load(open(os.path.join(out, "generation_config.json")))
generation["suppress_tokens"] = [EOT]  # decoding runs to the limit: a fixed number of tokens
generation["begin_suppress_tokens"] = [220, EOT]
json.dump(generation, open(os.path.join(out, "generation_config.json"), "w"), indent=1)
print("wrote", out, "whisper-%s dimensions:" % size, DIMS, "parameters:", sum(p.numel() for p in model.parameters()))
