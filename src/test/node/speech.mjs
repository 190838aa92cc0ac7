// The official openai client against Nexus: audio.speech.create, unchanged but for baseURL.
import OpenAI from 'openai';
import { writeFileSync } from 'node:fs';

const [baseURL, outFile] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'not-needed-locally' });
const result = {};

const speech = await client.audio.speech.create({
  model: 'tts-1', voice: 'nova', response_format: 'wav',
  input: 'Ask not what your country can do for you.',
});
const audio = Buffer.from(await speech.arrayBuffer());
writeFileSync(outFile, audio);
result.bytes = audio.length;
result.contentType = speech.headers.get('content-type');

try {
  await client.audio.speech.create({ model: 'tts-1', voice: 'klingon', input: 'Hello' });
  result.badVoice = 'accepted';
} catch (e) {
  result.badVoice = { status: e.status, message: e.error?.message ?? e.message };
}
try {
  await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: 'Hello', speed: 9 });
  result.badSpeed = 'accepted';
} catch (e) {
  result.badSpeed = { status: e.status, message: e.error?.message ?? e.message };
}
console.log(JSON.stringify(result));
