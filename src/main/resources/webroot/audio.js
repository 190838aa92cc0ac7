// Audio for the page: one AudioContext, a player per stream (the podcast's and the chat's, each with its own clock
// and queue, so the two never mix), and the microphone.
export const stats = { podcastEvents: [], chatEvents: [], framesPlayed: 0, framesReceived: 0, errors: [],
  previews: 0 };

let ctx = null;
let mic = null;

/** A player: PCM16 at 24 kHz in, the position heard on the server's timeline (the socket's audio) out. */
class Player {
  constructor(name) {
    this.name = name;
    this.node = null;
    this.played = 0;         // frames the worklet has played since it was made
    this.received = 0;       // frames of this socket's timeline received
    this.flushReceived = 0;  // the timeline position of the last flush
    this.flushPlayed = 0;    // the worklet's count at the last flush
    this.paused = false;
  }

  attach(node) {
    this.node = node;
    node.port.onmessage = (e) => {
      this.played = e.data.played;
      stats[this.name + 'Played'] = this.played; // frames this player has played, all sockets together
      stats.framesPlayed = (stats.podcastPlayed || 0) + (stats.chatPlayed || 0);
    };
  }

  push(buffer) {
    this.received += buffer.byteLength / 2;
    stats.framesReceived += buffer.byteLength / 2;
    this.node.port.postMessage({ type: 'pcm', buffer }, [buffer]);
  }

  /** Drops what is queued: the position jumps to the end of what arrived. */
  flush() {
    this.node.port.postMessage({ type: 'flush' });
    this.flushReceived = this.received;
    this.flushPlayed = this.played;
  }

  /** A new socket: its audio timeline starts at 0. */
  reset() {
    this.flush();
    this.received = 0;
    this.flushReceived = 0;
  }

  heardFrames() {
    return Math.max(0, Math.min(this.received, this.flushReceived + (this.played - this.flushPlayed)));
  }

  /** Milliseconds of the socket's audio heard so far. */
  heardMs() {
    return this.heardFrames() / 24;
  }

  pause() {
    this.paused = true;
    this.node?.port.postMessage({ type: 'pause' });
  }

  resume() {
    this.paused = false;
    this.node?.port.postMessage({ type: 'resume' });
  }
}

export const players = { podcast: new Player('podcast'), chat: new Player('chat') };

/** Starts the audio (on a user's gesture). */
export async function initAudio() {
  if (ctx) { await ctx.resume(); return; }
  ctx = new AudioContext({ sampleRate: 24000 });
  await ctx.audioWorklet.addModule('worklets/player.js');
  await ctx.audioWorklet.addModule('worklets/mic.js');
  for (const p of Object.values(players)) {
    const node = new AudioWorkletNode(ctx, 'nexus-player');
    node.connect(ctx.destination);
    p.attach(node);
  }
  await ctx.resume();
}

/** Opens the microphone; {@code onChunk} gets 20 ms of PCM16 at 16 kHz at a time. Only one owner at a time. */
export async function startMic(onChunk) {
  stopMic();
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
  const source = ctx.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(ctx, 'nexus-mic');
  const mute = ctx.createGain();
  mute.gain.value = 0;
  source.connect(node).connect(mute).connect(ctx.destination);
  node.port.onmessage = (e) => onChunk(e.data);
  mic = { stream, source, node, mute };
}

export function stopMic() {
  if (!mic) return;
  mic.stream.getTracks().forEach((t) => t.stop());
  mic.source.disconnect(); mic.node.disconnect(); mic.mute.disconnect();
  mic = null;
}

export function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text) {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes.buffer;
}
