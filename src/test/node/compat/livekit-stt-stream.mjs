// PHASE 2 (needs transcription-only sessions wired into RealtimeSession): LiveKit's streaming STT
// (@livekit/agents-plugin-openai STT with useRealtime, the default) connects to /v1/realtime?intent=transcription,
// sends session.update {type: "transcription"} and streams 24 kHz audio; it gets interim and final transcripts.
// A server that answers with responses still passes here: the Java test must check that none were made.
import { initializeLogger, stt as sttTypes } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import { AudioFrame } from '@livekit/rtc-node';
import { readFileSync } from 'node:fs';

const [baseURL, apiKey, pcm24File] = process.argv.slice(2);
initializeLogger({ pretty: false, level: process.env.LK_LOG ?? 'warn' });
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
const result = { interim: 0, finals: [] };
const timeout = setTimeout(() => { console.log(JSON.stringify({ ...result, timedOut: true })); process.exit(0); }, 90000);
for await (const event of stream) {
  if (event.type === sttTypes.SpeechEventType.INTERIM_TRANSCRIPT) result.interim++;
  if (event.type === sttTypes.SpeechEventType.FINAL_TRANSCRIPT) {
    result.finals.push(event.alternatives[0].text);
    break;
  }
}
await feed;
clearTimeout(timeout);
stream.close();
console.log(JSON.stringify(result));
process.exit(0);
