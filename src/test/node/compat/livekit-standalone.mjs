// LiveKit Agents' OpenAI plugin (@livekit/agents-plugin-openai) pointed at Nexus's base URL, each part standalone
// with its defaults: the LLM (model gpt-4.1, an alias) streams an answer, the TTS (tts-1, alloy, PCM at 24 kHz)
// speaks, and the STT (transcriptions endpoint, whisper-1) transcribes a recording.
import { initializeLogger, llm } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import { AudioFrame } from '@livekit/rtc-node';
import { readFileSync } from 'node:fs';

const [baseURL, apiKey, instructions, question, pcmFile] = process.argv.slice(2);
initializeLogger({ pretty: false, level: 'warn' });
const result = {};

const model = new openai.LLM({ baseURL, apiKey });
result.llmModel = model.model;
const chatCtx = llm.ChatContext.empty();
chatCtx.addMessage({ role: 'system', content: instructions });
chatCtx.addMessage({ role: 'user', content: question });
let answer = '';
let chunks = 0;
for await (const chunk of model.chat({ chatCtx })) {
  if (chunk.delta?.content) {
    answer += chunk.delta.content;
    chunks++;
  }
}
result.answer = answer;
result.answerChunks = chunks;

const tts = new openai.TTS({ baseURL, apiKey });
let samples = 0;
let rate = 0;
for await (const audio of tts.synthesize('Ask not what your country can do for you.')) {
  samples += audio.frame.samplesPerChannel;
  rate = audio.frame.sampleRate;
}
result.ttsSeconds = samples / rate;
result.ttsRate = rate;

const pcm = readFileSync(pcmFile); // PCM16 mono 16 kHz
const data = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2);
const stt = new openai.STT({ baseURL, apiKey, useRealtime: false });
result.sttModel = stt.model;
const heard = await stt.recognize([new AudioFrame(data, 16000, 1, data.length)]);
result.transcript = heard.alternatives[0].text;
console.log(JSON.stringify(result));
process.exit(0);
