#!/usr/bin/python3
"""Writes a tiny Whisper-architecture model with random weights, in the Hugging Face ONNX layout, and
the reference outputs PyTorch computes for it: the parity test of Nexus's Whisper engine.

Layout (as onnx-community/whisper-*): encoder_model.onnx (input_features -> last_hidden_state),
decoder_model.onnx (input_ids, encoder_hidden_states -> logits, present.N.{decoder,encoder}.{key,value}),
decoder_with_past_model.onnx (input_ids, past_key_values.N.* -> logits, present.N.decoder.*), config.json,
generation_config.json. The architecture is Whisper's: two convolutions with GELU, sinusoidal positions,
pre-norm residual attention blocks (q and k scaled by head_dim^-0.25, no key bias), cross-attention,
learned text positions, logits tied to the token embedding. References: the encoder output and the
first step's logits for the deterministic signal of the mel reference, and the greedy tokens decoded
without a cache (every step recomputed), with Whisper's suppression rules for transcription without
timestamps. Run by hand with Debian's python3-torch:
    /usr/bin/python3 scripts/make_tiny_whisper.py ../shared/models/whisper/mel_filters.npz
"""
import importlib.util
import json
import math
import os
import sys

import numpy as np
import torch
from torch import nn
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


def sinusoids(length, channels):
    increment = math.log(10000) / (channels // 2 - 1)
    inv = torch.exp(-increment * torch.arange(channels // 2))
    t = torch.arange(length)[:, None] * inv[None, :]
    return torch.cat([torch.sin(t), torch.cos(t)], dim=1)


class Attention(nn.Module):
    def __init__(self):
        super().__init__()
        self.query, self.key, self.value, self.out = nn.Linear(D, D), nn.Linear(D, D, bias=False), nn.Linear(D, D), nn.Linear(D, D)

    def split(self, x):  # [1, T, D] -> [1, H, T, HD]
        return x.view(x.shape[0], x.shape[1], HEADS, HD).permute(0, 2, 1, 3)

    def attend(self, q, k, v, causal):
        scale = HD ** -0.25
        w = (q * scale) @ (k * scale).transpose(-1, -2)
        if causal:
            n = q.shape[2]
            w = w + torch.full((n, n), float("-inf")).triu(1)
        o = F.softmax(w.float(), dim=-1) @ v
        return self.out(o.permute(0, 2, 1, 3).flatten(start_dim=2))


class Block(nn.Module):
    def __init__(self, cross):
        super().__init__()
        self.attn, self.attn_ln = Attention(), nn.LayerNorm(D)
        self.cross = Attention() if cross else None
        self.cross_ln = nn.LayerNorm(D) if cross else None
        self.mlp = nn.Sequential(nn.Linear(D, 4 * D), nn.GELU(), nn.Linear(4 * D, D))
        self.mlp_ln = nn.LayerNorm(D)


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(MELS, D, 3, padding=1)
        self.conv2 = nn.Conv1d(D, D, 3, stride=2, padding=1)
        self.register_buffer("positions", sinusoids(AUDIO_CTX, D))
        self.blocks = nn.ModuleList([Block(False) for _ in range(ENC_LAYERS)])
        self.ln_post = nn.LayerNorm(D)

    def forward(self, input_features):
        x = F.gelu(self.conv2(F.gelu(self.conv1(input_features)))).permute(0, 2, 1) + self.positions
        for b in self.blocks:
            h = b.attn_ln(x)
            a = b.attn
            x = x + a.attend(a.split(a.query(h)), a.split(a.key(h)), a.split(a.value(h)), False)
            x = x + b.mlp(b.mlp_ln(x))
        return self.ln_post(x)


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, D)
        self.positions = nn.Parameter(torch.randn(TEXT_CTX, D) * 0.1)
        self.blocks = nn.ModuleList([Block(True) for _ in range(DEC_LAYERS)])
        self.ln = nn.LayerNorm(D)

    def run(self, ids, offset, past, enc_kv):
        """past: per block (k, v) of earlier tokens or None; enc_kv: per block (k, v) of the audio.
        offset: an int, or a 0-d tensor (so that an exported graph computes it rather than bakes it in)."""
        index = torch.arange(ids.shape[1]) + offset
        x = self.embed(ids) + self.positions.index_select(0, index)
        presents = []
        for i, b in enumerate(self.blocks):
            h = b.attn_ln(x)
            a = b.attn
            k, v = a.split(a.key(h)), a.split(a.value(h))
            if past is not None:
                k, v = torch.cat([past[i][0], k], dim=2), torch.cat([past[i][1], v], dim=2)
            presents.append((k, v))
            x = x + a.attend(a.split(a.query(h)), k, v, past is None)
            c = b.cross
            x = x + c.attend(c.split(c.query(b.cross_ln(x))), enc_kv[i][0], enc_kv[i][1], False)
            x = x + b.mlp(b.mlp_ln(x))
        logits = self.ln(x) @ self.embed.weight.T
        return logits, presents

    def cross_kv(self, encoder_states):
        return [(b.cross.split(b.cross.key(encoder_states)), b.cross.split(b.cross.value(encoder_states))) for b in self.blocks]


encoder, decoder = Encoder().eval(), Decoder().eval()
with torch.no_grad():  # larger random weights than the default initialisation keep the logits lively
    for p in decoder.parameters():
        p.mul_(4.0)


for p in list(encoder.parameters()) + list(decoder.parameters()):
    p.requires_grad_(False)


class DecoderNoPast(nn.Module):
    def __init__(self):
        super().__init__()
        self.decoder = decoder

    def forward(self, input_ids, encoder_hidden_states):
        enc_kv = self.decoder.cross_kv(encoder_hidden_states)
        logits, presents = self.decoder.run(input_ids, 0, None, enc_kv)
        out = [logits]
        for (k, v), (ek, ev) in zip(presents, enc_kv):
            out += [k, v, ek, ev]
        return tuple(out)


class DecoderWithPast(nn.Module):
    def __init__(self):
        super().__init__()
        self.decoder = decoder

    def forward(self, input_ids, *past):
        layers = [past[4 * i:4 * i + 4] for i in range(DEC_LAYERS)]
        # the number of cached positions, as a computed tensor: a Python int would be frozen by tracing
        offset = torch.ones_like(layers[0][0][0, 0, :, 0], dtype=torch.int64).sum()
        logits, presents = self.decoder.run(input_ids, offset, [(l[0], l[1]) for l in layers], [(l[2], l[3]) for l in layers])
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


os.makedirs(OUT, exist_ok=True)
features = torch.zeros(1, MELS, 3000)
torch.onnx.export(encoder, (features,), OUT + "/encoder_model.onnx", input_names=["input_features"],
                  output_names=["last_hidden_state"], dynamic_axes={"input_features": {0: "batch"}}, opset_version=14)
states = encoder(features)
ids = torch.tensor([[SOT, EN, TRANSCRIBE, NO_TS]])
present_names = []
for i in range(DEC_LAYERS):
    present_names += ["present.%d.decoder.key" % i, "present.%d.decoder.value" % i, "present.%d.encoder.key" % i,
                      "present.%d.encoder.value" % i]
torch.onnx.export(DecoderNoPast(), (ids, states), OUT + "/decoder_model.onnx", input_names=["input_ids", "encoder_hidden_states"],
                  output_names=["logits"] + present_names,
                  dynamic_axes={"input_ids": {1: "tokens"}, "logits": {1: "tokens"},
                                **{n: {2: "tokens"} for n in present_names if ".decoder." in n}}, opset_version=14)
outs = DecoderNoPast()(ids, states)
past = list(outs[1:])
past_names = [n.replace("present", "past_key_values") for n in present_names]
with_past_out = ["logits"] + [n for n in present_names if ".decoder." in n]
torch.onnx.export(DecoderWithPast(), (torch.tensor([[220]]), *past), OUT + "/decoder_with_past_model.onnx",
                  input_names=["input_ids"] + past_names, output_names=with_past_out,
                  dynamic_axes={**{n: {2: "past"} for n in past_names if ".decoder." in n},
                                **{n: {2: "total"} for n in with_past_out if ".decoder." in n}}, opset_version=14)

json.dump({"model_type": "whisper", "d_model": D, "encoder_layers": ENC_LAYERS, "decoder_layers": DEC_LAYERS,
           "encoder_attention_heads": HEADS, "decoder_attention_heads": HEADS, "num_mel_bins": MELS, "vocab_size": VOCAB,
           "max_source_positions": AUDIO_CTX, "max_target_positions": TEXT_CTX}, open(OUT + "/config.json", "w"), indent=1)
json.dump({"decoder_start_token_id": SOT, "eos_token_id": EOT, "no_timestamps_token_id": NO_TS, "is_multilingual": True,
           "suppress_tokens": SUPPRESS, "begin_suppress_tokens": BEGIN_SUPPRESS, "max_length": 448,
           "lang_to_id": {"<|en|>": EN}, "task_to_id": {"transcribe": TRANSCRIBE, "translate": TRANSLATE}},
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


def openai_name(prefix, name):
    """A parameter's name in openai/whisper's checkpoints."""
    name = name.replace("cross_ln.", "cross_attn_ln.").replace("cross.", "cross_attn.")
    return prefix + {"positions": "positional_embedding", "embed.weight": "token_embedding.weight"}.get(name, name)


# the same weights as an OpenAI checkpoint (its parameter names and dims): the test of export_whisper_onnx.py, the
# converter `models pull whisper-*` runs, checks that what it exports matches the references above
checkpoint = {openai_name("encoder.", k): v for k, v in encoder.state_dict().items()}
checkpoint.update({openai_name("decoder.", k): v for k, v in decoder.state_dict().items()})
torch.save({"dims": {"n_mels": MELS, "n_audio_ctx": AUDIO_CTX, "n_audio_state": D, "n_audio_head": HEADS,
                     "n_audio_layer": ENC_LAYERS, "n_vocab": VOCAB, "n_text_ctx": TEXT_CTX, "n_text_state": D,
                     "n_text_head": HEADS, "n_text_layer": DEC_LAYERS},
            "model_state_dict": checkpoint}, OUT + "/openai-checkpoint.pt")
print("wrote", OUT, "generated", generated, "with timestamps", stamped)
