// Browser-style WebSockets against Nexus: the subprotocols `realtime` and `openai-insecure-api-key.KEY`, as
// browsers send them (they cannot set headers), first with the `ws` package, then with the official openai
// client's browser socket (openai/realtime/websocket), which uses the global WebSocket (here `ws`, as a browser's).
import WebSocket from 'ws';
import OpenAI from 'openai';
import { OpenAIRealtimeWebSocket } from 'openai/realtime/websocket';
import { waitFor, ofType } from './common.mjs';

const [baseURL, apiKey, instructions, question] = process.argv.slice(2);
const wsBase = baseURL.replace(/^http/, 'ws');
const result = {};

function open(protocols) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${wsBase}/realtime?model=gpt-realtime`, protocols);
    ws.on('unexpected-response', (req, res) => resolve({ status: res.statusCode }));
    ws.on('error', (e) => resolve({ error: e.message }));
    ws.on('message', (data) => {
      const event = JSON.parse(data.toString());
      ws.close();
      resolve({ protocol: ws.protocol, first: event.type });
    });
  });
}

result.raw = await open(['realtime', `openai-insecure-api-key.${apiKey}`]);
result.wrongKey = await open(['realtime', 'openai-insecure-api-key.not-a-key-at-all']);
result.noKey = await open(['realtime']);

globalThis.WebSocket = WebSocket; // what a browser has
const client = new OpenAI({ baseURL, apiKey });
const rt = new OpenAIRealtimeWebSocket({ model: 'gpt-realtime' }, client);
const events = [];
rt.on('event', (e) => events.push(e));
rt.on('error', () => {}); // counted from the events
await waitFor(events, ofType('session.created'), { ms: 20000, what: 'session.created' });
result.sdkProtocol = rt.socket.protocol;
rt.send({ type: 'session.update', session: { type: 'realtime', instructions, output_modalities: ['text'] } });
await waitFor(events, ofType('session.updated'), { ms: 20000, what: 'session.updated' });
rt.send({ type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: question }] } });
rt.send({ type: 'response.create' });
const done = events[await waitFor(events, ofType('response.done'), { what: 'response.done' })].response;
result.status = done.status;
result.answer = events.filter(ofType('response.output_text.delta')).map((e) => e.delta).join('');
result.errors = events.filter(ofType('error')).map((e) => e.error?.message);
rt.close();
console.log(JSON.stringify(result));
process.exit(0); // an open handle of a client library must not keep the process alive
