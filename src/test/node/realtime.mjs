// The official openai client's realtime WebSocket (openai/realtime/ws) against Nexus over wss://, with
// the server's self-signed certificate trusted through NODE_EXTRA_CA_CERTS: a spoken question, a
// barge-in during the answer, then 20 malformed events.
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import { readFileSync } from 'node:fs';

const [baseURL, pcmFile, apiKey, instructions] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey });
const speech = readFileSync(pcmFile); // PCM16 mono 16 kHz
const silence = Buffer.alloc(16000 * 2 * 2.5);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const rt = new OpenAIRealtimeWS({ model: 'gpt-realtime' }, client);
const events = [];
rt.on('event', (e) => events.push(e));
rt.on('error', () => {}); // error events are counted from the event list

async function waitFor(pred, from = 0, ms = 60000, what = 'event') {
  const deadline = Date.now() + ms;
  for (let i = from; ; ) {
    for (; i < events.length; i++) if (pred(events[i])) return i;
    if (Date.now() > deadline) throw new Error(`no ${what} in ${ms} ms; saw ${events.map((e) => e.type).join(',')}`);
    await sleep(10);
  }
}
const ofType = (t) => (e) => e.type === t;
async function stream(pcm) { // 100 ms chunks, four times faster than real time
  for (let i = 0; i < pcm.length; i += 3200) {
    rt.send({ type: 'input_audio_buffer.append', audio: pcm.subarray(i, i + 3200).toString('base64') });
    await sleep(25);
  }
}

const result = {};
await waitFor(ofType('session.created'), 0, 20000, 'session.created');
result.created = true;
rt.send({ type: 'session.update', session: { type: 'realtime', instructions,
  audio: { input: { format: { type: 'audio/pcm', rate: 16000 },
    turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 1500,
      create_response: true, interrupt_response: true } },
  output: { voice: 'alloy', format: { type: 'audio/pcm', rate: 24000 } } } } });
await waitFor(ofType('session.updated'), 0, 20000, 'session.updated');

// 1. a spoken question
await stream(Buffer.concat([speech, silence]));
const transcribed = events[await waitFor(ofType('conversation.item.input_audio_transcription.completed'))];
result.transcript = transcribed.transcript;
result.partials = events.filter(ofType('conversation.item.input_audio_transcription.delta')).length;
const firstAudioAt = await waitFor(ofType('response.output_audio.delta'));
const responseId = events[firstAudioAt].response_id;
const itemId = events[firstAudioAt].item_id;

// 2. the listener talks over the answer
const bargeFrom = events.length;
await stream(Buffer.concat([speech, silence]));
const speechAt = await waitFor(ofType('input_audio_buffer.speech_started'), bargeFrom);
const doneAt = await waitFor((e) => e.type === 'response.done' && e.response.id === responseId, firstAudioAt);
const done = events[doneAt].response;
result.first = { status: done.status, reason: done.status_details?.reason,
  audioBytes: events.filter((e) => e.type === 'response.output_audio.delta' && e.response_id === responseId)
    .reduce((n, e) => n + Buffer.from(e.delta, 'base64').length, 0),
  staleDeltas: events.slice(speechAt).filter((e) => e.type === 'response.output_audio.delta'
    && e.response_id === responseId).length,
  heard: done.output[0]?.content?.[0]?.transcript };
let from = events.length;
rt.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: 200 });
result.truncated = events[await waitFor(ofType('conversation.item.truncated'), from)].audio_end_ms;
const secondAt = await waitFor((e) => e.type === 'response.done' && e.response.id !== responseId, speechAt);
result.second = { status: events[secondAt].response.status,
  transcript: events.slice(speechAt).find(ofType('conversation.item.input_audio_transcription.completed'))?.transcript };

// 3. twenty malformed events, then the session still answers
from = events.length;
const bad = ['{', 'null', '"text"', '{"type":null}', '{"type":"nope"}', '{"type":"session.update","session":5}',
  '{"type":"session.update","session":{"audio":{"input":{"format":{"type":"audio/pcm","rate":11025}}}}}',
  '{"type":"session.update","session":{"output_modalities":["video"]}}',
  '{"type":"session.update","session":{"tool_choice":7}}', '{"type":"input_audio_buffer.append","audio":5}',
  '{"type":"input_audio_buffer.append","audio":"%%%"}', '{"type":"conversation.item.create","item":[]}',
  '{"type":"conversation.item.create","item":{"type":"reasoning"}}',
  '{"type":"conversation.item.create","item":{"type":"function_call_output"}}',
  '{"type":"conversation.item.create","item":{"type":"message","role":"user","content":"hi"}}',
  '{"type":"conversation.item.truncate","item_id":"nope","audio_end_ms":1}',
  '{"type":"conversation.item.delete"}', '{"type":"response.cancel"}',
  '{"type":"session.update","session":{"turn_detection":{"threshold":7}}}',
  '{"type":"session.update","session":{"max_output_tokens":-3}}'];
for (const text of bad) rt.socket.send(text);
rt.send({ type: 'session.update', session: { type: 'realtime', instructions: 'Still here.' } });
const updatedAt = await waitFor(ofType('session.updated'), from);
result.errors = events.slice(from, updatedAt).filter(ofType('error')).length;
result.alive = events[updatedAt].session.instructions === 'Still here.';
rt.close();
console.log(JSON.stringify(result));
