// LiveKit's streaming STT (@livekit/agents-plugin-openai STT with useRealtime, the default) connects to
// /v1/realtime?intent=transcription, sends session.update {type: "transcription"} and streams 24 kHz audio; it gets
// interim and final transcripts. The plugin's socket (the `ws` package) is watched, so the server events it got are
// counted by type: a transcription session makes no response, and any `error` would be fatal to the plugin.
import { initializeLogger, stt as sttTypes } from '@livekit/agents';
import { WebSocket } from 'ws';
import * as openai from '@livekit/agents-plugin-openai';
import { AudioFrame } from '@livekit/rtc-node';
import { readFileSync } from 'node:fs';

const [baseURL, apiKey, pcm24File] = process.argv.slice(2);
initializeLogger({ pretty: false, level: process.env.LK_LOG ?? 'warn' });
const seen = {};
const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
Object.defineProperty(WebSocket.prototype, 'onmessage', {
  configurable: true,
  get() { return onmessage.get.call(this); },
  set(handler) {
    onmessage.set.call(this, (message) => {
      try {
        const type = JSON.parse(message.data.toString()).type;
        seen[type] = (seen[type] ?? 0) + 1;
      } catch { /* not JSON */ }
      handler(message);
    });
  },
});
const stt = new openai.STT({ baseURL, apiKey, model: 'gpt-4o-mini-transcribe' });
const stream = stt.stream();
const pcm = readFileSync(pcm24File); // PCM16 mono 24 kHz
const audio = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2);
const frame = 2400; // 100 ms
const feed = (async () => {
  const all = new Int16Array(audio.length + 24000 * 3); // the speech, then 3 s of silence
  all.set(audio);
  for (let i = 0; i < all.length; i += frame) {
    const part = all.slice(i, i + frame);
    stream.pushFrame(new AudioFrame(part, 24000, 1, part.length));
    await new Promise((r) => setTimeout(r, 25));
  }
})();
const result = { interim: 0, finals: [], seen };
const timeout = setTimeout(() => { console.log(JSON.stringify({ ...result, timedOut: true })); process.exit(0); }, 240000);
for await (const event of stream) {
  if (event.type === sttTypes.SpeechEventType.INTERIM_TRANSCRIPT) result.interim++;
  if (event.type === sttTypes.SpeechEventType.FINAL_TRANSCRIPT) {
    result.finals.push(event.alternatives[0].text);
    break;
  }
}
await feed;
await new Promise((r) => setTimeout(r, 1000)); // a response made for the utterance would show by now
clearTimeout(timeout);
stream.close();
console.log(JSON.stringify(result));
process.exit(0);
