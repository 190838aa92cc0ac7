#!/usr/bin/python3
"""Writes a tiny Whisper-architecture model with random weights, in the Hugging Face ONNX layout, and
the reference outputs PyTorch computes for it: the parity test of Nexus's Whisper engine.

Layout (as onnx-community/whisper-*): encoder_model.onnx (input_features -> last_hidden_state),
decoder_model.onnx (input_ids, encoder_hidden_states -> logits, present.N.{decoder,encoder}.{key,value}),
decoder_with_past_model.onnx (input_ids, past_key_values.N.* -> logits, present.N.decoder.*), config.json,
generation_config.json; beside it whisper-tiny-random-merged (the decoders merged) and, in the model's directory,
openai-checkpoint.pt (the same weights as openai/whisper saves them). The network is the one of the exporter in the
jar (src/main/resources/whisper/export_whisper_onnx.py), Whisper's own. References: the encoder output and the
first step's logits for the deterministic signal of the mel reference, and the greedy tokens decoded
without a cache (every step recomputed), with Whisper's suppression rules for transcription without
timestamps. Run by hand with Debian's python3-torch:
    /usr/bin/python3 scripts/make_tiny_whisper.py ../shared/models/whisper/mel_filters.npz
"""
import importlib.util
import json
import os
import sys

import numpy as np
import torch
from torch.nn import functional as F

FILTERS = sys.argv[1] if len(sys.argv) > 1 else "../shared/models/whisper/mel_filters.npz"
OUT = "src/test/resources/models/whisper-tiny-random"
D, HEADS, ENC_LAYERS, DEC_LAYERS, MELS, VOCAB, AUDIO_CTX, TEXT_CTX = 8, 2, 2, 2, 80, 51865, 1500, 448
HD = D // HEADS
EOT, SOT, EN, TRANSLATE, TRANSCRIBE, SOT_LM, SOT_PREV, NO_SPEECH, NO_TS, TS_BEGIN = (
    50257, 50258, 50259, 50358, 50359, 50360, 50361, 50362, 50363, 50364)
SUPPRESS = [1, 2, 7, 8, 9, 10, 14, 25, 26, 27, 28, 29, 31, 58, 59, 60, 61, 62, 63, 90, 91, 92, 93, 359, 503]
BEGIN_SUPPRESS = [220, EOT]
STEPS = 12

torch.manual_seed(20261124)


# the network is the exporter's, the one `models pull whisper-*` runs on OpenAI's checkpoints
spec = importlib.util.spec_from_file_location("exporter", os.path.join(os.path.dirname(__file__), "..", "src", "main",
                                                                       "resources", "whisper", "export_whisper_onnx.py"))
exporter = importlib.util.module_from_spec(spec)
spec.loader.exec_module(exporter)
DIMS = {"n_mels": MELS, "n_audio_ctx": AUDIO_CTX, "n_audio_state": D, "n_audio_head": HEADS, "n_audio_layer": ENC_LAYERS,
        "n_vocab": VOCAB, "n_text_ctx": TEXT_CTX, "n_text_state": D, "n_text_head": HEADS, "n_text_layer": DEC_LAYERS}
model = exporter.Whisper(DIMS, position_init=lambda n, d: torch.randn(n, d) * 0.1).eval()
encoder, decoder = model.encoder, model.decoder
with torch.no_grad():  # larger random weights than the default initialisation keep the logits lively
    for p in decoder.parameters():
        p.mul_(4.0)
for p in model.parameters():
    p.requires_grad_(False)

exporter.export(model, DIMS, OUT)
json.dump({"model_type": "whisper", "is_encoder_decoder": True, "d_model": D, "encoder_layers": ENC_LAYERS, "decoder_layers": DEC_LAYERS,
           "encoder_attention_heads": HEADS, "decoder_attention_heads": HEADS, "num_mel_bins": MELS, "vocab_size": VOCAB,
           "max_source_positions": AUDIO_CTX, "max_target_positions": TEXT_CTX}, open(OUT + "/config.json", "w"), indent=1)
json.dump({"decoder_start_token_id": SOT, "eos_token_id": EOT, "no_timestamps_token_id": NO_TS, "is_multilingual": True,
           "suppress_tokens": SUPPRESS, "begin_suppress_tokens": BEGIN_SUPPRESS, "max_length": 448,
           "lang_to_id": {"<|en|>": EN}, "task_to_id": {"transcribe": TRANSCRIBE, "translate": TRANSLATE},
           "max_initial_timestamp_index": 50},  # Whisper's 1.0 s, as Hugging Face's Whisper configs give it
          open(OUT + "/generation_config.json", "w"), indent=1)

# references (greedy without timestamps, and with Whisper's timestamp rules), on the deterministic signal of the mel reference, features computed as Whisper does
spec = importlib.util.spec_from_file_location("melref", os.path.join(os.path.dirname(__file__), "make_whisper_mel_reference.py"))
sys_argv, sys.argv = sys.argv, [sys.argv[0], FILTERS]
melref = importlib.util.module_from_spec(spec)
spec.loader.exec_module(melref)
sys.argv = sys_argv
mel = torch.from_numpy(melref.log_mel(melref.signal(), np.load(FILTERS)["mel_80"])[:, :3000]).unsqueeze(0)
with torch.no_grad():
    states = encoder(mel)
    enc_kv = decoder.cross_kv(states)
    tokens = [SOT, EN, TRANSCRIBE, NO_TS]
    generated = []
    first_logits = None
    for step in range(STEPS):
        logits = decoder.run(torch.tensor([tokens]), 0, None, enc_kv)[0][0, -1].clone()
        if first_logits is None:
            first_logits = logits.clone()
        last_logits = logits.clone()
        logits[SUPPRESS + [TRANSLATE, TRANSCRIBE, SOT, SOT_PREV, SOT_LM, NO_SPEECH, NO_TS]] = float("-inf")
        logits[TS_BEGIN:] = float("-inf")
        if step == 0:
            logits[BEGIN_SUPPRESS] = float("-inf")
        token = int(logits.argmax())
        if token == EOT:
            break
        generated.append(token)
        tokens.append(token)

def timestamp_rules(logits, sampled, first):
    """Whisper's ApplyTimestampRules (with SuppressTokens and SuppressBlank before it), for greedy decoding."""
    logits[SUPPRESS + [TRANSLATE, TRANSCRIBE, SOT, SOT_PREV, SOT_LM, NO_SPEECH, NO_TS]] = float("-inf")
    if first:
        logits[BEGIN_SUPPRESS] = float("-inf")
    last_ts = len(sampled) >= 1 and sampled[-1] >= TS_BEGIN
    penultimate_ts = len(sampled) < 2 or sampled[-2] >= TS_BEGIN
    if last_ts:
        if penultimate_ts:
            logits[TS_BEGIN:] = float("-inf")
        else:
            logits[:EOT] = float("-inf")
    stamps = [t for t in sampled if t >= TS_BEGIN]
    if stamps:
        floor = stamps[-1] if (last_ts and not penultimate_ts) else stamps[-1] + 1
        logits[TS_BEGIN:floor] = float("-inf")
    if not sampled:
        logits[:TS_BEGIN] = float("-inf")
        logits[TS_BEGIN + 50 + 1:] = float("-inf")  # max initial timestamp: 1.0 s
    logprobs = F.log_softmax(logits.float(), dim=-1)
    if logprobs[TS_BEGIN:].logsumexp(dim=-1) > logprobs[:TS_BEGIN].max():
        logits[:TS_BEGIN] = float("-inf")
    return logits


with torch.no_grad():
    stamped = []
    tokens = [SOT, EN, TRANSCRIBE]
    for step in range(STEPS):
        logits = decoder.run(torch.tensor([tokens]), 0, None, enc_kv)[0][0, -1].clone()
        token = int(timestamp_rules(logits, stamped, step == 0).argmax())
        if token == EOT:
            break
        stamped.append(token)
        tokens.append(token)
states.numpy()[0].astype("<f4").tofile(OUT + "/reference-encoder.f32")
first_logits.numpy().astype("<f4").tofile(OUT + "/reference-first-logits.f32")
last_logits.numpy().astype("<f4").tofile(OUT + "/reference-last-logits.f32")  # the last step: every cached position counts
json.dump({"prompt": [SOT, EN, TRANSCRIBE, NO_TS], "tokens": generated,
           "timestamp_prompt": [SOT, EN, TRANSCRIBE], "timestamp_tokens": stamped}, open(OUT + "/reference-tokens.json", "w"))


# the same weights as an OpenAI checkpoint (the network's parameter names are OpenAI's): the test of
# export_whisper_onnx.py, the converter `models pull whisper-*` runs, checks that what it exports matches the
# references above
torch.save({"dims": DIMS, "model_state_dict": model.state_dict()}, OUT + "/openai-checkpoint.pt")
merger = importlib.util.spec_from_file_location("merge", os.path.join(os.path.dirname(exporter.__file__),
                                                                      "merge_whisper_decoders.py"))
merge = importlib.util.module_from_spec(merger)
merger.loader.exec_module(merge)
merge.merge(OUT, OUT + "-merged")
print("wrote", OUT, "generated", generated, "with timestamps", stamped)
