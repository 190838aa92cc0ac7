// Plays PCM16 pushed from the page through a small jitter buffer, and reports how much it has played.
class Player extends AudioWorkletProcessor {
  constructor() {
    super();
    this.queue = [];
    this.offset = 0;
    this.played = 0;       // frames played since the start
    this.buffered = 0;     // frames waiting
    this.primed = false;
    this.paused = false;   // paused: silence, and the queue waits where it is
    this.minFrames = sampleRate * 0.06; // 60 ms of jitter buffer before playback starts
    this.port.onmessage = (e) => {
      if (e.data.type === 'pcm') {
        const pcm = new Int16Array(e.data.buffer);
        const f = new Float32Array(pcm.length);
        for (let i = 0; i < pcm.length; i++) f[i] = pcm[i] / 32768;
        this.queue.push(f);
        this.buffered += f.length;
      } else if (e.data.type === 'flush') {
        this.queue = []; this.offset = 0; this.buffered = 0; this.primed = false;
      } else if (e.data.type === 'pause') {
        this.paused = true;
      } else if (e.data.type === 'resume') {
        this.paused = false;
      }
    };
    this.tick = 0;
  }
  process(inputs, outputs) {
    const out = outputs[0][0];
    if (!this.primed && this.buffered >= this.minFrames) this.primed = true;
    let i = 0;
    while (this.primed && !this.paused && i < out.length && this.queue.length) {
      const head = this.queue[0];
      const n = Math.min(out.length - i, head.length - this.offset);
      out.set(head.subarray(this.offset, this.offset + n), i);
      i += n; this.offset += n; this.played += n; this.buffered -= n;
      if (this.offset >= head.length) { this.queue.shift(); this.offset = 0; }
    }
    if (!this.queue.length) this.primed = false;
    for (; i < out.length; i++) out[i] = 0;
    if (++this.tick % 8 === 0) this.port.postMessage({ played: this.played, buffered: this.buffered });
    return true;
  }
}
registerProcessor('nexus-player', Player);
