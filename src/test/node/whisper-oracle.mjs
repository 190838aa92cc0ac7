// A second, independent Whisper decoder for the parity tests: transformers.js (@huggingface/transformers) runs the
// Hugging Face-layout ONNX model with its own generation loop (logits processors, suppression and timestamp rules).
// Usage: node whisper-oracle.mjs MODEL_DIR FEATURES.f32 MAX_NEW_TOKENS
// FEATURES.f32: little-endian float32 log-mel features [1, mels, 3000]. Prints {"tokens":[...],"timestamp_tokens":[...]}
// (the generated ids after the prompt, without and with timestamps) and {"prompt":[...],"timestamp_prompt":[...]}.
import { env, WhisperForConditionalGeneration, Tensor } from '@huggingface/transformers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [modelDir, featuresFile, maxText] = process.argv.slice(2);
const maxNewTokens = Number(maxText);
// transformers.js reads <localModelPath>/<id>/{config.json,generation_config.json,onnx/*.onnx}: link the model there
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'whisper-oracle-'));
const model = path.join(root, 'model');
fs.mkdirSync(path.join(model, 'onnx'), { recursive: true });
for (const f of fs.readdirSync(path.resolve(modelDir))) {
  const source = path.resolve(modelDir, f);
  fs.symlinkSync(source, f.endsWith('.onnx') ? path.join(model, 'onnx', f) : path.join(model, f));
}
env.allowRemoteModels = false;
env.localModelPath = root;
const whisper = await WhisperForConditionalGeneration.from_pretrained('model', { dtype: 'fp32', device: 'cpu' });
const bytes = fs.readFileSync(featuresFile);
const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
const mels = data.length / 3000;
const features = new Tensor('float32', Float32Array.from(data), [1, mels, 3000]);

async function generate(timestamps) {
  const out = await whisper.generate({ inputs: features, language: 'en', task: 'transcribe', return_timestamps: timestamps,
    max_new_tokens: maxNewTokens, do_sample: false, num_beams: 1 });
  return out.tolist()[0].map(Number);
}
const plain = await generate(false);
const stamped = await generate(true);
const eot = 50257;
const strip = (ids, n) => ids.slice(n).filter((id, i, all) => !(id === eot && i === all.length - 1));
console.log(JSON.stringify({ prompt: plain.slice(0, 4), tokens: strip(plain, 4), timestamp_prompt: stamped.slice(0, 3),
  timestamp_tokens: strip(stamped, 3) }));
fs.rmSync(root, { recursive: true, force: true });
