#!/usr/bin/python3
"""Merges a Whisper decoder pair (decoder_model.onnx and decoder_with_past_model.onnx) into one
decoder_model_merged.onnx, the layout Hugging Face's optimum exports and the onnx-community repositories
publish: one graph whose boolean input use_cache_branch chooses, through an If node, between the first step
(no cache) and the steps with the key/value cache.

Merged inputs: input_ids, encoder_hidden_states, past_key_values.N.{decoder,encoder}.{key,value}, use_cache_branch.
Merged outputs: logits, present.N.{decoder,encoder}.{key,value}; the cache branch passes the encoder's cache
through. On the first step the past inputs are empty tensors (sequence length 0), as with optimum's models.
Weights the two decoders share (same name, same values) are stored once, in the outer graph.

It ships in the jar (export_whisper_onnx.py runs it after exporting an OpenAI checkpoint) and runs by hand
with Debian's python3-onnx:
    /usr/bin/python3 src/main/resources/whisper/merge_whisper_decoders.py MODEL_DIR [OUT_DIR]
The tests' copy is made from the tiny random model:
    /usr/bin/python3 src/main/resources/whisper/merge_whisper_decoders.py \\
        src/test/resources/models/whisper-tiny-random src/test/resources/models/whisper-tiny-random-merged
"""
import os
import shutil
import sys

import onnx
from onnx import TensorProto, helper, numpy_helper


def merge(SRC, OUT):
    """Writes OUT/decoder_model_merged.onnx from the pair in SRC (and, for another OUT, copies the rest)."""
    first = onnx.load(os.path.join(SRC, "decoder_model.onnx"))
    cached = onnx.load(os.path.join(SRC, "decoder_with_past_model.onnx"))

    def same(a, b):
        x, y = numpy_helper.to_array(a), numpy_helper.to_array(b)
        return x.dtype == y.dtype and x.shape == y.shape and x.tobytes() == y.tobytes()

    def rename_inputs(graph, old, new):
        for node in graph.node:
            for i, name in enumerate(node.input):
                if name == old:
                    node.input[i] = new

    # weights: shared ones move to the outer graph; a name the two use for different values is renamed in the cached one
    outer_weights = []
    first_weights = {t.name: t for t in first.graph.initializer}
    cached_own = []
    for t in cached.graph.initializer:
        other = first_weights.get(t.name)
        if other is not None and same(t, other):
            outer_weights.append(other)
            del first_weights[t.name]
        else:
            if other is not None:
                rename_inputs(cached.graph, t.name, "with_past/" + t.name)
                t.name = "with_past/" + t.name
            cached_own.append(t)

    layers = sorted({int(o.name.split(".")[1]) for o in first.graph.output if o.name.startswith("present.")})
    outputs = [o.name for o in first.graph.output]

    def value(name, dims):
        return helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)

    def branch_outputs(prefix):
        out = [value("logits", ["batch", prefix + "_tokens", "vocab"])]
        for n in layers:
            for kind in ("decoder", "encoder"):
                for part in ("key", "value"):
                    out.append(value("present.%d.%s.%s" % (n, kind, part), ["batch", "heads", prefix + "_" + kind + "_len", "head_dim"]))
        return out

    # the cache branch outputs the encoder's cache unchanged, so that both branches have the same outputs
    passthrough = [helper.make_node("Identity", ["past_key_values.%d.encoder.%s" % (n, part)],
                                    ["present.%d.encoder.%s" % (n, part)], name="with_past/pass_encoder_%d_%s" % (n, part))
                   for n in layers for part in ("key", "value")]
    with_past = helper.make_graph(list(cached.graph.node) + passthrough, "decoder_with_past", [],
                                  branch_outputs("with_past"), initializer=cached_own)
    no_past = helper.make_graph(list(first.graph.node), "decoder_no_past", [], branch_outputs("no_past"),
                                initializer=list(first_weights.values()))
    choose = helper.make_node("If", ["use_cache_branch"], outputs, name="decoder_merged/if",
                              then_branch=with_past, else_branch=no_past)

    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "decoder_sequence_length"]),
              value("encoder_hidden_states", ["batch", "encoder_sequence_length", "d_model"])]
    for n in layers:
        for kind, length in (("decoder", "past_decoder_sequence_length"), ("encoder", "encoder_sequence_length_out")):
            for part in ("key", "value"):
                inputs.append(value("past_key_values.%d.%s.%s" % (n, kind, part), ["batch", "heads", length, "head_dim"]))
    inputs.append(helper.make_tensor_value_info("use_cache_branch", TensorProto.BOOL, [1]))
    graph = helper.make_graph([choose], "whisper_decoder_merged", inputs, branch_outputs("merged"),
                              initializer=outer_weights)
    merged = helper.make_model(graph, opset_imports=list(first.opset_import), producer_name="nexus merge_whisper_decoders")
    merged.ir_version = first.ir_version
    onnx.checker.check_model(merged)
    os.makedirs(OUT, exist_ok=True)
    onnx.save(merged, os.path.join(OUT, "decoder_model_merged.onnx"))
    if os.path.abspath(OUT) != os.path.abspath(SRC):
        for name in ("encoder_model.onnx", "config.json", "generation_config.json"):
            shutil.copy(os.path.join(SRC, name), os.path.join(OUT, name))
    print("wrote", os.path.join(OUT, "decoder_model_merged.onnx"), "with", len(outer_weights), "shared weights")


if __name__ == "__main__":
    merge(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else sys.argv[1])
