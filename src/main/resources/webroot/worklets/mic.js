// Captures the microphone, resamples it to 16 kHz and posts 20 ms of PCM16 at a time.
class Mic extends AudioWorkletProcessor {
  constructor() {
    super();
    this.ratio = sampleRate / 16000;
    this.pos = 0;
    this.out = new Int16Array(320);
    this.n = 0;
    this.last = 0;
  }
  process(inputs) {
    const input = inputs[0][0];
    if (!input) return true;
    // linear interpolation from the context rate to 16 kHz
    for (; this.pos < input.length; this.pos += this.ratio) {
      const i = Math.floor(this.pos);
      const frac = this.pos - i;
      const a = i === 0 && frac < 0 ? this.last : input[i];
      const b = i + 1 < input.length ? input[i + 1] : input[i];
      const s = Math.max(-1, Math.min(1, a + (b - a) * frac));
      this.out[this.n++] = s * 32767;
      if (this.n === this.out.length) {
        this.port.postMessage(this.out.buffer, [this.out.buffer]);
        this.out = new Int16Array(320);
        this.n = 0;
      }
    }
    this.pos -= input.length;
    this.last = input[input.length - 1];
    return true;
  }
}
registerProcessor('nexus-mic', Mic);
