// The OpenAI Agents SDK (@openai/agents-realtime) with its default session configuration (semantic_vad, audio
// output, gpt-4o-mini-transcribe) against Nexus, unchanged but for the url: a typed question, answered from the
// agent's instructions, with no error event.
import { RealtimeAgent, RealtimeSession } from '@openai/agents-realtime';
import { waitFor, ofType } from './common.mjs';

const [baseURL, apiKey, instructions, question] = process.argv.slice(2);
const url = `${baseURL.replace(/^http/, 'ws')}/realtime?model=gpt-realtime`;
const agent = new RealtimeAgent({ name: 'Historian', instructions });
const session = new RealtimeSession(agent, { transport: 'websocket' });
const events = [];
const errors = [];
session.on('transport_event', (e) => events.push(e));
session.on('error', (e) => errors.push(String(e.error?.message ?? e.error?.error?.message ?? JSON.stringify(e.error))));
await session.connect({ apiKey, url });
const updatedAt = await waitFor(events, (e) => e.type === 'session.updated' && e.session?.instructions === instructions,
  { ms: 20000, what: 'session.updated with the instructions' });
const result = { turnDetection: events[updatedAt].session.audio?.input?.turn_detection };
session.sendMessage(question);
const done = events[await waitFor(events, ofType('response.done'), { from: updatedAt, what: 'response.done' })].response;
result.status = done.status;
result.audioDeltas = events.filter(ofType('response.output_audio.delta')).length;
const assistant = session.history.filter((i) => i.type === 'message' && i.role === 'assistant').pop();
result.answer = (assistant?.content ?? []).map((c) => c.transcript ?? c.text ?? '').join('');
result.errors = errors.concat(events.filter(ofType('error')).map((e) => e.error?.message));
session.close();
console.log(JSON.stringify(result));
process.exit(0); // an open handle of a client library must not keep the process alive
