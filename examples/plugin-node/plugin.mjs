// A Nexus tool plugin in Node: one tool, word_count, offered over Nexus's TCP event-bus bridge.
// Frames are a 4-byte big-endian length and that many bytes of UTF-8 JSON (Vert.x's TCP bridge format).
// Run: NEXUS_BRIDGE_PORT=7001 NEXUS_API_KEY=... node plugin.mjs   (the key needs the `tools` right)
import net from 'node:net';

const host = process.env.NEXUS_BRIDGE_HOST ?? '127.0.0.1';
const port = Number(process.env.NEXUS_BRIDGE_PORT ?? 7001);
const key = process.env.NEXUS_API_KEY ?? '';

const tool = {
  name: 'word_count',
  description: 'Counts the words and characters of a text.',
  parameters: {
    type: 'object',
    required: ['text'],
    properties: { text: { type: 'string', description: 'the text to count' } },
  },
};

function count({ text }) {
  if (typeof text !== 'string') {
    return { content: "'text' must be a string", error: true };
  }
  const words = text.trim() === '' ? 0 : text.trim().split(/\s+/).length;
  return { content: JSON.stringify({ words, characters: text.length }) };
}

const socket = net.connect({ host, port });
let first = true;

function send(frame) {
  if (first) { // the first frame authenticates the connection
    frame.headers = { ...(frame.headers ?? {}), authorization: `Bearer ${key}` };
    first = false;
  }
  const json = Buffer.from(JSON.stringify(frame), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  socket.write(Buffer.concat([length, json]));
}

const announce = () => send({ type: 'publish', address: 'nexus.tools.announce', body: tool });

socket.on('connect', () => {
  send({ type: 'register', address: `nexus.plugin.${tool.name}` }); // calls of the tool
  send({ type: 'register', address: 'nexus.tools.discover' });      // the registry's heartbeat requests
  announce();
  setInterval(() => send({ type: 'ping' }), 10_000).unref();
  console.log(JSON.stringify({ ready: true, tool: tool.name }));
});

let pending = Buffer.alloc(0);
socket.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
    const length = pending.readUInt32BE(0);
    const frame = JSON.parse(pending.subarray(4, 4 + length).toString('utf8'));
    pending = pending.subarray(4 + length);
    handle(frame);
  }
});

function handle(frame) {
  if (frame.type === 'err') {
    console.error(`bridge refused a frame: ${frame.message}`);
  } else if (frame.address === 'nexus.tools.discover') {
    announce(); // still here
  } else if (frame.address === `nexus.plugin.${tool.name}` && frame.replyAddress) {
    // a call: {name, arguments, session_id, request_id}; the answer goes to the reply address
    send({ type: 'send', address: frame.replyAddress, body: count(frame.body.arguments ?? {}) });
  }
}

function stop() {
  send({ type: 'publish', address: 'nexus.tools.withdraw', body: tool.name });
  socket.end(() => process.exit(0));
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
socket.on('close', () => process.exit(0));
socket.on('error', (err) => {
  console.error(`bridge connection failed: ${err.message}`);
  process.exit(1);
});
