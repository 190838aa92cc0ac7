// The official openai client against Nexus: audio.transcriptions.create, unchanged but for baseURL.
import OpenAI from 'openai';
import { createReadStream } from 'node:fs';

const [baseURL, file] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'not-needed-locally' });
const result = {};
const plain = await client.audio.transcriptions.create({ model: 'whisper-1', file: createReadStream(file) });
result.text = plain.text;
const verbose = await client.audio.transcriptions.create({
  model: 'whisper-1', file: createReadStream(file), response_format: 'verbose_json', language: 'en',
});
result.segments = verbose.segments.length;
result.duration = verbose.duration;
try {
  await client.audio.transcriptions.create({ model: 'whisper-1', file: new File([Buffer.from('not audio at all')], 'x.mp3') });
  result.bad = 'accepted';
} catch (e) {
  result.bad = { status: e.status, message: e.error?.message ?? e.message };
}
console.log(JSON.stringify(result));
