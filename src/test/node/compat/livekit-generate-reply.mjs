// LiveKit's realtime model (@livekit/agents-plugin-openai realtime.RealtimeModel) pointed at Nexus, text only:
// generateReply() matches the reply by the response.metadata.client_event_id Nexus echoes, and resolves.
import { initializeLogger, llm } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';

const [baseURL, apiKey, instructions] = process.argv.slice(2);
initializeLogger({ pretty: false, level: 'warn' });
const model = new openai.realtime.RealtimeModel({ baseURL, apiKey, modalities: ['text'] });
const session = model.session();
await session.updateInstructions(instructions);
const chatCtx = llm.ChatContext.empty();
chatCtx.addMessage({ role: 'user', content: 'Who gave this speech?' });
await session.updateChatCtx(chatCtx);
const result = {};
const timer = setTimeout(() => { console.log(JSON.stringify({ resolved: false })); process.exit(0); }, 120000);
const generation = await session.generateReply();
result.resolved = true;
let text = '';
for await (const message of generation.messageStream) {
  for await (const delta of message.textStream) text += delta;
}
result.answer = text;
clearTimeout(timer);
await session.close();
console.log(JSON.stringify(result));
process.exit(0);
