// The official MCP TypeScript SDK's client against Nexus's /mcp (Streamable HTTP): lists the tools, speaks a
// sentence and transcribes the audio it got back, and makes a podcast while collecting its progress notifications.
// Usage: node mcp-client.mjs URL KEY SENTENCE SOURCE_TEXT QUERY
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [url, key, sentence, source, query] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${key}` } },
});
const client = new Client({ name: 'nexus-test', version: '1.0.0' });
await client.connect(transport);
const result = { session: transport.sessionId ?? null };

result.tools = (await client.listTools()).tools.map((t) => t.name);

const spoken = await client.callTool({ name: 'speak', arguments: { text: sentence, sample_rate: 16000 } });
const audio = spoken.content.find((c) => c.type === 'audio');
result.speak = {
  isError: spoken.isError ?? false,
  mimeType: audio?.mimeType ?? null,
  riff: audio ? Buffer.from(audio.data, 'base64').subarray(0, 4).toString('latin1') : null,
  bytes: audio ? Buffer.from(audio.data, 'base64').length : 0,
};

const heard = await client.callTool({ name: 'transcribe', arguments: { audio: audio?.data ?? '' } });
result.transcribe = { isError: heard.isError ?? false, text: heard.content[0]?.text ?? '' };

const bad = await client.callTool({ name: 'transcribe', arguments: { audio: '%%% not base64 %%%' } });
result.badTranscribe = { isError: bad.isError ?? false, text: bad.content[0]?.text ?? '' };

const found = await client.callTool({ name: 'search_documents', arguments: { query, k: 1 } });
result.search = { isError: found.isError ?? false, text: found.content[0]?.text ?? '' };

const progress = [];
const podcast = await client.callTool({ name: 'make_podcast', arguments: { text: source, minutes: 0.5, include_audio: true } },
  undefined, { onprogress: (p) => progress.push(p), timeout: 280_000, resetTimeoutOnProgress: true });
result.podcast = {
  isError: podcast.isError ?? false,
  text: podcast.content[0]?.text ?? '',
  status: podcast.structuredContent?.status ?? null,
  audio: podcast.content.find((c) => c.type === 'audio')?.mimeType ?? null,
};
result.progress = progress;

await transport.terminateSession();
await client.close();
console.log(JSON.stringify(result));
