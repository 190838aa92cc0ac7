// The official openai client against Nexus: chat.completions.create, plain, streamed, and with tools.
import OpenAI from 'openai';

const [baseURL] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: 'not-needed-locally' });
const result = {};

const models = await client.models.list();
result.models = models.data.map((m) => m.id);

const plain = await client.chat.completions.create({
  model: 'nexus-grounded',
  messages: [{ role: 'user', content: 'What is 12.5 times 8?' }],
});
result.plain = plain.choices[0].message.content;

const stream = await client.chat.completions.create({
  model: 'nexus-grounded', stream: true, stream_options: { include_usage: true },
  messages: [
    { role: 'system', content: 'Nexus is a voice server written in Java. It runs on Vert.x. Cats sleep a lot.' },
    { role: 'user', content: 'What does Nexus run on?' },
  ],
});
let text = '';
let chunks = 0;
let usage = null;
for await (const chunk of stream) {
  chunks += 1;
  text += chunk.choices[0]?.delta?.content ?? '';
  if (chunk.usage) usage = chunk.usage;
}
result.streamed = text;
result.chunks = chunks;
result.usage = usage;

const withTools = await client.chat.completions.create({
  model: 'nexus-grounded',
  messages: [{ role: 'user', content: 'What is 6 times 7?' }],
  tools: [{ type: 'function', function: { name: 'calculator', parameters: { type: 'object', properties: { expression: { type: 'string' } } } } }],
});
const call = withTools.choices[0].message.tool_calls[0];
result.toolCall = { name: call.function.name, arguments: JSON.parse(call.function.arguments), finish: withTools.choices[0].finish_reason };
const answered = await client.chat.completions.create({
  model: 'nexus-grounded',
  messages: [
    { role: 'user', content: 'What is 6 times 7?' },
    withTools.choices[0].message,
    { role: 'tool', tool_call_id: call.id, content: '42' },
  ],
});
result.toolAnswer = answered.choices[0].message.content;

try {
  await client.chat.completions.create({ model: 'gpt-9000', messages: [{ role: 'user', content: 'hi' }] });
  result.badModel = 'accepted';
} catch (e) {
  result.badModel = { status: e.status, message: e.error?.message ?? e.message };
}
console.log(JSON.stringify(result));
