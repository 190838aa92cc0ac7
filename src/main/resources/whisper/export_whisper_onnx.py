#!/usr/bin/python3
"""Turns an OpenAI Whisper checkpoint (tiny.pt, base.en.pt ... as openai/whisper publishes them, with their
sha256 in the URL) into the Hugging Face ONNX layout Nexus reads: encoder_model.onnx, decoder_model_merged.onnx,
config.json and generation_config.json. `java -jar nexus.jar models pull whisper-tiny` runs it after the
download; it needs Debian's python3-torch and python3-onnx (for /usr/bin/python3).

    /usr/bin/python3 export_whisper_onnx.py CHECKPOINT.pt OUT_DIR

The network is Whisper's: two convolutions with GELU and sinusoidal positions, pre-norm residual attention
blocks (queries and keys scaled by head_dim^-0.25, no key bias), cross-attention in the decoder, learned text
positions, logits tied to the token embedding. The parameter names are the checkpoint's, so the weights load as
they are. The decoder is exported twice (the first step, and the steps with the key/value cache) and the two are
merged into one graph by merge_whisper_decoders.py beside this file.
"""
import importlib.util
import json
import math
import os
import sys

import torch
from torch import nn
from torch.nn import functional as F


def sinusoids(length, channels):
    increment = math.log(10000) / (channels // 2 - 1)
    inv = torch.exp(-increment * torch.arange(channels // 2))
    t = torch.arange(length)[:, None] * inv[None, :]
    return torch.cat([torch.sin(t), torch.cos(t)], dim=1)


class Attention(nn.Module):
    def __init__(self, state, heads):
        super().__init__()
        self.heads = heads
        self.query, self.key = nn.Linear(state, state), nn.Linear(state, state, bias=False)
        self.value, self.out = nn.Linear(state, state), nn.Linear(state, state)

    def split(self, x):  # [1, T, D] -> [1, H, T, D/H]
        return x.view(x.shape[0], x.shape[1], self.heads, -1).permute(0, 2, 1, 3)

    def attend(self, q, k, v, causal):
        scale = q.shape[-1] ** -0.25
        w = (q * scale) @ (k * scale).transpose(-1, -2)
        if causal:
            n = q.shape[2]
            w = w + torch.full((n, n), float("-inf")).triu(1)
        o = F.softmax(w.float(), dim=-1) @ v
        return self.out(o.permute(0, 2, 1, 3).flatten(start_dim=2))


class Block(nn.Module):
    def __init__(self, state, heads, cross):
        super().__init__()
        self.attn, self.attn_ln = Attention(state, heads), nn.LayerNorm(state)
        self.cross_attn = Attention(state, heads) if cross else None
        self.cross_attn_ln = nn.LayerNorm(state) if cross else None
        self.mlp = nn.Sequential(nn.Linear(state, 4 * state), nn.GELU(), nn.Linear(4 * state, state))
        self.mlp_ln = nn.LayerNorm(state)


class Encoder(nn.Module):
    def __init__(self, dims):
        super().__init__()
        state = dims["n_audio_state"]
        self.conv1 = nn.Conv1d(dims["n_mels"], state, 3, padding=1)
        self.conv2 = nn.Conv1d(state, state, 3, stride=2, padding=1)
        self.register_buffer("positional_embedding", sinusoids(dims["n_audio_ctx"], state))
        self.blocks = nn.ModuleList([Block(state, dims["n_audio_head"], False) for _ in range(dims["n_audio_layer"])])
        self.ln_post = nn.LayerNorm(state)

    def forward(self, input_features):
        x = F.gelu(self.conv2(F.gelu(self.conv1(input_features)))).permute(0, 2, 1) + self.positional_embedding
        for b in self.blocks:
            h = b.attn_ln(x)
            a = b.attn
            x = x + a.attend(a.split(a.query(h)), a.split(a.key(h)), a.split(a.value(h)), False)
            x = x + b.mlp(b.mlp_ln(x))
        return self.ln_post(x)


class Decoder(nn.Module):
    def __init__(self, dims, position_init=torch.zeros):
        super().__init__()
        state = dims["n_text_state"]
        self.token_embedding = nn.Embedding(dims["n_vocab"], state)
        self.positional_embedding = nn.Parameter(position_init(dims["n_text_ctx"], state))
        self.blocks = nn.ModuleList([Block(state, dims["n_text_head"], True) for _ in range(dims["n_text_layer"])])
        self.ln = nn.LayerNorm(state)

    def run(self, ids, offset, past, enc_kv):
        """past: per block (k, v) of earlier tokens or None; enc_kv: per block (k, v) of the audio.
        offset: an int, or a 0-d tensor (so that an exported graph computes it rather than bakes it in)."""
        index = torch.arange(ids.shape[1]) + offset
        x = self.token_embedding(ids) + self.positional_embedding.index_select(0, index)
        presents = []
        for i, b in enumerate(self.blocks):
            h = b.attn_ln(x)
            a = b.attn
            k, v = a.split(a.key(h)), a.split(a.value(h))
            if past is not None:
                k, v = torch.cat([past[i][0], k], dim=2), torch.cat([past[i][1], v], dim=2)
            presents.append((k, v))
            x = x + a.attend(a.split(a.query(h)), k, v, past is None)
            c = b.cross_attn
            x = x + c.attend(c.split(c.query(b.cross_attn_ln(x))), enc_kv[i][0], enc_kv[i][1], False)
            x = x + b.mlp(b.mlp_ln(x))
        logits = self.ln(x) @ self.token_embedding.weight.T
        return logits, presents

    def cross_kv(self, encoder_states):
        return [(b.cross_attn.split(b.cross_attn.key(encoder_states)), b.cross_attn.split(b.cross_attn.value(encoder_states)))
                for b in self.blocks]


class Whisper(nn.Module):
    """The checkpoint's model: state dict keys encoder.* and decoder.*, as openai/whisper names them."""

    def __init__(self, dims, position_init=torch.zeros):
        super().__init__()
        self.encoder, self.decoder = Encoder(dims), Decoder(dims, position_init)


class DecoderNoPast(nn.Module):
    def __init__(self, decoder):
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
    def __init__(self, decoder, layers):
        super().__init__()
        self.decoder, self.layers = decoder, layers

    def forward(self, input_ids, *past):
        layers = [past[4 * i:4 * i + 4] for i in range(self.layers)]
        # the number of cached positions, as a computed tensor: a Python int would be frozen by tracing
        offset = torch.ones_like(layers[0][0][0, 0, :, 0], dtype=torch.int64).sum()
        logits, presents = self.decoder.run(input_ids, offset, [(l[0], l[1]) for l in layers], [(l[2], l[3]) for l in layers])
        out = [logits]
        for k, v in presents:
            out += [k, v]
        return tuple(out)


def special_tokens(vocab):
    """Whisper's special token ids for a vocabulary size (English-only 51864, multilingual 51865, v3 51866)."""
    eot = 50256 if vocab == 51864 else 50257
    languages = 100 if vocab == 51866 else 99
    sot = eot + 1
    translate = sot + 1 + languages
    return {"eot": eot, "sot": sot, "first_language": sot + 1, "translate": translate, "transcribe": translate + 1,
            "no_timestamps": translate + 5}


def export(model, dims, out):
    """Writes the split ONNX pair (decoder_model.onnx, decoder_with_past_model.onnx) beside the encoder."""
    os.makedirs(out, exist_ok=True)
    encoder, decoder = model.encoder.eval(), model.decoder.eval()
    layers = dims["n_text_layer"]
    ids_special = special_tokens(dims["n_vocab"])
    with torch.no_grad():
        features = torch.zeros(1, dims["n_mels"], 2 * dims["n_audio_ctx"])
        torch.onnx.export(encoder, (features,), os.path.join(out, "encoder_model.onnx"), input_names=["input_features"],
                          output_names=["last_hidden_state"],
                          dynamic_axes={"input_features": {0: "batch"}, "last_hidden_state": {0: "batch"}},
                          opset_version=14)
        states = encoder(features)
        ids = torch.tensor([[ids_special["sot"], ids_special["no_timestamps"]]])
        present_names = []
        for i in range(layers):
            present_names += ["present.%d.decoder.key" % i, "present.%d.decoder.value" % i,
                              "present.%d.encoder.key" % i, "present.%d.encoder.value" % i]
        first = DecoderNoPast(decoder)
        torch.onnx.export(first, (ids, states), os.path.join(out, "decoder_model.onnx"),
                          input_names=["input_ids", "encoder_hidden_states"], output_names=["logits"] + present_names,
                          dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "encoder_hidden_states": {0: "batch"},
                                        "logits": {0: "batch", 1: "tokens"},
                                        **{n: {0: "batch", 2: "tokens"} if ".decoder." in n else {0: "batch"}
                                           for n in present_names}},
                          opset_version=14)
        past = list(first(ids, states)[1:])
        past_names = [n.replace("present", "past_key_values") for n in present_names]
        with_past_out = ["logits"] + [n for n in present_names if ".decoder." in n]
        torch.onnx.export(DecoderWithPast(decoder, layers), (torch.tensor([[220]]), *past),
                          os.path.join(out, "decoder_with_past_model.onnx"), input_names=["input_ids"] + past_names,
                          output_names=with_past_out,
                          dynamic_axes={"input_ids": {0: "batch"}, "logits": {0: "batch"},
                                        **{n: {0: "batch", 2: "past"} if ".decoder." in n else {0: "batch"}
                                           for n in past_names},
                                        **{n: {0: "batch", 2: "total"} for n in with_past_out if ".decoder." in n}},
                          opset_version=14)


def write_configs(dims, out):
    tokens = special_tokens(dims["n_vocab"])
    json.dump({"model_type": "whisper", "d_model": dims["n_text_state"], "encoder_layers": dims["n_audio_layer"],
               "decoder_layers": dims["n_text_layer"], "encoder_attention_heads": dims["n_audio_head"],
               "decoder_attention_heads": dims["n_text_head"], "num_mel_bins": dims["n_mels"],
               "vocab_size": dims["n_vocab"], "max_source_positions": dims["n_audio_ctx"],
               "max_target_positions": dims["n_text_ctx"]}, open(os.path.join(out, "config.json"), "w"), indent=1)
    # no suppress_tokens: Nexus computes Whisper's non-speech tokens from the tokenizer, as openai/whisper does
    json.dump({"decoder_start_token_id": tokens["sot"], "eos_token_id": tokens["eot"],
               "no_timestamps_token_id": tokens["no_timestamps"], "is_multilingual": dims["n_vocab"] >= 51865,
               "max_length": dims["n_text_ctx"]}, open(os.path.join(out, "generation_config.json"), "w"), indent=1)


def main(checkpoint_file, out):
    checkpoint = torch.load(checkpoint_file, map_location="cpu")
    dims = checkpoint["dims"]
    model = Whisper(dims)
    state = {k: v for k, v in checkpoint["model_state_dict"].items() if k != "decoder.mask"}
    state.setdefault("encoder.positional_embedding", model.encoder.positional_embedding)
    model.load_state_dict(state, strict=True)
    export(model, dims, out)
    write_configs(dims, out)
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("merge", os.path.join(here, "merge_whisper_decoders.py"))
    merge = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(merge)
    merge.merge(out, out)
    for name in ("decoder_model.onnx", "decoder_with_past_model.onnx"):  # the merged graph holds both
        os.remove(os.path.join(out, name))
    print("wrote", out, "(encoder_model.onnx, decoder_model_merged.onnx, config.json, generation_config.json)")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: export_whisper_onnx.py CHECKPOINT.pt OUT_DIR")
    main(sys.argv[1], sys.argv[2])
