#!/usr/bin/env python3
"""Writes a tiny Llama-architecture GGUF with random weights, for testing Nexus's llamacpp engine.

It proves loading, tokenizing, streaming, stopping and cancelling through llama.cpp; its output is
random text by construction. Run by hand (python3 scripts/make_tiny_gguf.py); the result is
committed as src/test/resources/models/tiny-random-llama.gguf. Standard library only.
"""
import random
import struct
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/models/tiny-random-llama.gguf"
N_EMBD, N_HEAD, N_FF, N_LAYER, N_CTX = 64, 4, 128, 1, 512
ALIGN = 32

WORDS = ("the a of to and in is it that for on with as was at by this be are from or an hello "
         "world voice server podcast host listen speak answer question nexus yes no time").split()
tokens = ["<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"]
types = [2, 3, 3, 3, 3]                     # unknown, control...
tokens += ["<0x%02X>" % b for b in range(256)]
types += [6] * 256                          # byte fallback
tokens += ["\u2581" + w for w in WORDS] + [c for c in "abcdefghijklmnopqrstuvwxyz"] + ["\u2581"]
types += [1] * (len(WORDS) + 27)
scores = [0.0] * 5 + [-1000.0] * 256 + [-float(i) for i in range(len(WORDS) + 27)]
N_VOCAB = len(tokens)

rng = random.Random(20261124)


def gstr(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def kv(key, vtype, payload):
    return gstr(key) + struct.pack("<I", vtype) + payload


U32, I32, F32, STRING, ARRAY = 4, 5, 6, 8, 9
meta = [
    kv("general.architecture", STRING, gstr("llama")),
    kv("general.name", STRING, gstr("nexus-tiny-random")),
    kv("general.alignment", U32, struct.pack("<I", ALIGN)),
    kv("llama.context_length", U32, struct.pack("<I", N_CTX)),
    kv("llama.embedding_length", U32, struct.pack("<I", N_EMBD)),
    kv("llama.block_count", U32, struct.pack("<I", N_LAYER)),
    kv("llama.feed_forward_length", U32, struct.pack("<I", N_FF)),
    kv("llama.attention.head_count", U32, struct.pack("<I", N_HEAD)),
    kv("llama.attention.head_count_kv", U32, struct.pack("<I", N_HEAD)),
    kv("llama.rope.dimension_count", U32, struct.pack("<I", N_EMBD // N_HEAD)),
    kv("llama.attention.layer_norm_rms_epsilon", F32, struct.pack("<f", 1e-5)),
    kv("tokenizer.ggml.model", STRING, gstr("llama")),
    kv("tokenizer.ggml.tokens", ARRAY, struct.pack("<IQ", STRING, N_VOCAB) + b"".join(gstr(t) for t in tokens)),
    kv("tokenizer.ggml.scores", ARRAY, struct.pack("<IQ", F32, N_VOCAB) + b"".join(struct.pack("<f", s) for s in scores)),
    kv("tokenizer.ggml.token_type", ARRAY, struct.pack("<IQ", I32, N_VOCAB) + b"".join(struct.pack("<i", t) for t in types)),
    kv("tokenizer.ggml.bos_token_id", U32, struct.pack("<I", 1)),
    kv("tokenizer.ggml.eos_token_id", U32, struct.pack("<I", 2)),
    kv("tokenizer.ggml.unknown_token_id", U32, struct.pack("<I", 0)),
    kv("tokenizer.ggml.add_bos_token", 7, struct.pack("<?", True)),
    kv("tokenizer.chat_template", STRING, gstr(
        "{% for message in messages %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}"
        "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")),
]

tensors = [("token_embd.weight", [N_EMBD, N_VOCAB]), ("output_norm.weight", [N_EMBD]),
           ("output.weight", [N_EMBD, N_VOCAB])]
for i in range(N_LAYER):
    p = "blk.%d." % i
    tensors += [(p + "attn_norm.weight", [N_EMBD]), (p + "attn_q.weight", [N_EMBD, N_EMBD]),
                (p + "attn_k.weight", [N_EMBD, N_EMBD]), (p + "attn_v.weight", [N_EMBD, N_EMBD]),
                (p + "attn_output.weight", [N_EMBD, N_EMBD]), (p + "ffn_norm.weight", [N_EMBD]),
                (p + "ffn_gate.weight", [N_EMBD, N_FF]), (p + "ffn_up.weight", [N_EMBD, N_FF]),
                (p + "ffn_down.weight", [N_FF, N_EMBD])]

infos, blobs, offset = [], [], 0
for name, dims in tensors:
    count = 1
    for d in dims:
        count *= d
    if name.endswith("norm.weight"):
        values = [1.0] * count
    else:
        values = [rng.gauss(0.0, 0.5 if name == "output.weight" else 0.05) for _ in range(count)]
    blob = struct.pack("<%df" % count, *values)
    infos.append(gstr(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
                 + struct.pack("<IQ", 0, offset))
    pad = (-len(blob)) % ALIGN
    blobs.append(blob + b"\0" * pad)
    offset += len(blob) + pad

header = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(meta)) + b"".join(meta) + b"".join(infos)
header += b"\0" * ((-len(header)) % ALIGN)
with open(OUT, "wb") as f:
    f.write(header)
    for b in blobs:
        f.write(b)
print("wrote %s: %d tensors, vocab %d, %d bytes" % (OUT, len(tensors), N_VOCAB, len(header) + offset))
