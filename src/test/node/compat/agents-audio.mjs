// The Agents SDK's default session hears a spoken question (24 kHz PCM16 through session.sendAudio) and answers it
// from the agent's instructions, with no error event (it sends conversation.item.retrieve after each transcription,
// answered with conversation.item.retrieved).
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { readFileSync } from 'node:fs';
import { waitFor, ofType, sleep } from './common.mjs';

const [baseURL, apiKey, instructions, pcm24File] = process.argv.slice(2);
const url = `${baseURL.replace(/^http/, 'ws')}/realtime?model=gpt-realtime`;
const session = new RealtimeSession(new RealtimeAgent({ name: 'Historian', instructions }), { transport: 'websocket' });
const events = [];
const errors = [];
session.on('transport_event', (e) => events.push(e));
session.on('error', (e) => errors.push(String(e.error?.message ?? e.error?.error?.message ?? JSON.stringify(e.error))));
await session.connect({ apiKey, url });
await waitFor(events, (e) => e.type === 'session.updated' && e.session?.instructions === instructions, { ms: 20000 });
const pcm = readFileSync(pcm24File);
const all = Buffer.concat([pcm, Buffer.alloc(24000 * 2 * 3)]);
for (let i = 0; i < all.length; i += 4800) { // 100 ms, four times faster than real time
  const part = all.subarray(i, i + 4800);
  session.sendAudio(part.buffer.slice(part.byteOffset, part.byteOffset + part.length));
  await sleep(25);
}
const result = {};
result.transcript = events[await waitFor(events,
  ofType('conversation.item.input_audio_transcription.completed'), { what: 'a transcript', ms: 180000 })].transcript;
// Kennedy pauses: several turns may start and be cut short by the next; the last one completes
await waitFor(events, (e) => e.type === 'response.done' && e.response.status === 'completed',
  { what: 'a completed response', ms: 180000 });
result.responses = events.filter(ofType('response.done')).map((e) => e.response.status);
const answered = events.filter((e) => e.type === 'response.done' && e.response.status === 'completed').pop().response;
result.answer = (answered.output ?? []).flatMap((i) => i.content ?? []).map((c) => c.transcript ?? c.text ?? '').join('');
result.retrieved = events.filter(ofType('conversation.item.retrieved')).length;
await sleep(500); // a retrieve answered late would show here
const user = session.history.find((i) => i.type === 'message' && i.role === 'user');
result.historyTranscript = (user?.content ?? []).map((c) => c.transcript ?? c.text ?? '').join('');
result.errors = errors.concat(events.filter(ofType('error')).map((e) => e.error?.message));
session.close();
console.log(JSON.stringify(result));
process.exit(0); // an open handle of a client library must not keep the process alive
