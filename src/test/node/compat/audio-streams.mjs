// The official openai client's streamed audio against Nexus: audio.transcriptions.create({stream: true}) yields
// transcript.text.delta events that add up to transcript.text.done, and audio.speech.create with
// stream_format "sse" ends with speech.audio.done and its usage.
import OpenAI from 'openai';
import { createReadStream } from 'node:fs';

const [baseURL, apiKey, wavFile] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey });
const result = {};

const plain = await client.audio.transcriptions.create({ model: 'gpt-4o-mini-transcribe', file: createReadStream(wavFile) });
result.plain = { text: plain.text, usage: plain.usage };
const stream = await client.audio.transcriptions.create({
  model: 'gpt-4o-mini-transcribe', file: createReadStream(wavFile), stream: true,
});
const types = [];
let joined = '';
let done = null;
for await (const event of stream) {
  types.push(event.type);
  if (event.type === 'transcript.text.delta') joined += event.delta;
  if (event.type === 'transcript.text.done') done = event;
}
result.stream = { deltas: types.filter((t) => t === 'transcript.text.delta').length, last: types.at(-1), joined,
  text: done?.text, usage: done?.usage };

const speech = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', stream_format: 'sse',
  input: 'Ask not what your country can do for you.' });
const body = await speech.text();
const events = body.split('\n\n').filter((b) => b.startsWith('data: ')).map((b) => JSON.parse(b.slice(6)));
const audioDone = events.at(-1);
result.speech = { deltas: events.filter((e) => e.type === 'speech.audio.delta').length, last: audioDone.type,
  usage: audioDone.usage,
  seconds: events.filter((e) => e.type === 'speech.audio.delta')
    .reduce((n, e) => n + Buffer.from(e.audio, 'base64').length / 2 / e.sample_rate, 0) };
console.log(JSON.stringify(result));
process.exit(0); // an open handle of a client library must not keep the process alive
