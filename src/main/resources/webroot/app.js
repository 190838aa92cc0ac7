// Nexus demo page: a live, interruptible podcast and voice chat, over the server's WebSockets.
const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const apiKey = params.get('api_key');
const stats = { podcastEvents: [], chatEvents: [], framesPlayed: 0, framesReceived: 0, errors: [] };
window.nexus = stats; // what the browser tests read

// ------------------------------------------------------------------ small helpers

function wsUrl(path, query = {}) {
  const q = new URLSearchParams(query);
  if (apiKey) q.set('api_key', apiKey);
  const s = q.toString();
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}${s ? '?' + s : ''}`;
}

function showError(message) {
  stats.errors.push(message);
  const box = $('errors');
  box.textContent = message;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { box.textContent = ''; }, 8000);
}

function setConn(text, kind) {
  $('conn').textContent = text;
  $('conn-dot').className = 'dot ' + kind;
}

function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text) {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes.buffer;
}

function li(className, who, text) {
  const item = document.createElement('li');
  item.className = className;
  if (who) {
    const w = document.createElement('span');
    w.className = 'who';
    w.textContent = who;
    item.append(w);
  }
  const t = document.createElement('span');
  t.className = 'text';
  t.textContent = text;
  item.append(t);
  return item;
}

// ------------------------------------------------------------------ audio: playback and microphone

const audio = {
  ctx: null, player: null, played: 0, received: 0, flushReceived: 0, flushPlayed: 0, mic: null,
  async init() {
    if (this.ctx) { await this.ctx.resume(); return; }
    this.ctx = new AudioContext({ sampleRate: 24000 });
    await this.ctx.audioWorklet.addModule('worklets/player.js');
    await this.ctx.audioWorklet.addModule('worklets/mic.js');
    this.player = new AudioWorkletNode(this.ctx, 'nexus-player');
    this.player.connect(this.ctx.destination);
    this.player.port.onmessage = (e) => { this.played = e.data.played; stats.framesPlayed = e.data.played; };
    await this.ctx.resume();
  },
  push(buffer) {
    this.received += buffer.byteLength / 2;
    stats.framesReceived = this.received;
    this.player.port.postMessage({ type: 'pcm', buffer }, [buffer]);
  },
  /** Drops what is queued: the listener's position jumps to the end of what arrived. */
  flush() {
    this.player.port.postMessage({ type: 'flush' });
    this.flushReceived = this.received;
    this.flushPlayed = this.played;
  },
  /** Milliseconds of the stream's audio heard so far (the server's timeline). */
  heardMs() {
    const frames = Math.min(this.received, this.flushReceived + (this.played - this.flushPlayed));
    return Math.max(0, frames) / 24;
  },
  async startMic(onChunk) {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
    const source = this.ctx.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(this.ctx, 'nexus-mic');
    const mute = this.ctx.createGain();
    mute.gain.value = 0;
    source.connect(node).connect(mute).connect(this.ctx.destination);
    node.port.onmessage = (e) => onChunk(e.data);
    this.mic = { stream, source, node, mute };
  },
  stopMic() {
    if (!this.mic) return;
    this.mic.stream.getTracks().forEach((t) => t.stop());
    this.mic.source.disconnect(); this.mic.node.disconnect(); this.mic.mute.disconnect();
    this.mic = null;
  },
};

// ------------------------------------------------------------------ tabs, voices, health

document.querySelectorAll('nav button').forEach((b) => b.addEventListener('click', () => {
  document.querySelectorAll('nav button').forEach((x) => x.setAttribute('aria-selected', String(x === b)));
  document.querySelectorAll('.panel').forEach((p) => { p.hidden = p.id !== 'panel-' + b.dataset.panel; });
}));

const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'];
(async () => {
  try {
    const res = await fetch('/v1/voices' + (apiKey ? '?api_key=' + encodeURIComponent(apiKey) : ''));
    const body = await res.json();
    const ids = (body.data || []).map((v) => v.id);
    const ordered = [...OPENAI_VOICES.filter((v) => ids.includes(v)), ...ids.filter((v) => !OPENAI_VOICES.includes(v))];
    for (const [select, chosen] of [[$('voice1'), 'alloy'], [$('voice2'), 'nova']]) {
      for (const id of ordered) select.add(new Option(id, id, false, id === chosen));
    }
  } catch (e) {
    showError('Could not read the voices: ' + e.message);
  }
  try {
    const health = await (await fetch('/health')).json();
    $('health').textContent = 'server ' + health.status + ' · ' + Object.keys(health.verticles).join(', ');
    // the first-run report: what runs, and the one command that adds the rest (the same as serve prints)
    const setup = health.setup || { running: {}, add: [] };
    const run = setup.running;
    const banner = $('setup-banner');
    banner.textContent = 'Running: speech ' + (run.speech || '–') + (run.vad ? ' with server VAD' : ', no server VAD')
      + ' · voices ' + (run.synthesis || '–') + ' · language model ' + (run.reasoning || '–') + '. '
      + (setup.add.length ? 'For ' + setup.add.slice(0, -1).map((a) => a.what).join(', ') + ', run: '
        + setup.add[setup.add.length - 1].command : 'Everything the starter bundle brings is running.');
    banner.hidden = false;
  } catch (e) {
    $('health').textContent = 'server unreachable';
  }
})();

// ------------------------------------------------------------------ the podcast

const podcast = { ws: null, session: null, id: null, turns: [], current: null, stopping: false, timer: null, micOn: false };

$('podcast-start').addEventListener('click', async () => {
  const source = $('source').value.trim();
  if (!source) { showError('Type a topic or paste a text first.'); return; }
  await audio.init();
  const words = source.split(/\s+/).length;
  const query = { minutes: $('minutes').value, style: $('style').value, input_rate: 16000,
    hosts: `Alex:${$('voice1').value},Sam:${$('voice2').value}` };
  query[words > 25 || /[.!?]\s/.test(source) ? 'text' : 'topic'] = source;
  $('podcast-setup').hidden = true;
  $('podcast-live').hidden = false;
  $('transcript').textContent = '';
  connectPodcast(wsUrl('/v1/podcasts/live', query));
});

function connectPodcast(url) {
  podcast.stopping = false;
  setConn('connecting…', 'busy');
  const ws = new WebSocket(url);
  podcast.ws = ws;
  ws.onopen = () => setConn('connected', 'ok');
  ws.onmessage = (m) => onPodcastEvent(JSON.parse(m.data));
  ws.onclose = () => {
    clearInterval(podcast.timer);
    if (podcast.stopping || podcast.ws !== ws) { setConn('not connected', 'idle'); return; }
    setConn('reconnecting…', 'bad');
    if (podcast.session && podcast.id) {
      setTimeout(() => connectPodcast(wsUrl(`/v1/podcasts/${podcast.id}/live`,
        { session: podcast.session, input_rate: 16000 })), 1000);
    }
  };
  ws.onerror = () => showError('The podcast connection failed.');
}

function send(ws, event) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(event));
}

function onPodcastEvent(e) {
  stats.podcastEvents.push(e.type);
  switch (e.type) {
    case 'session.created':
      podcast.session = e.session.id;
      podcast.id = e.session.podcast_id || podcast.id;
      break;
    case 'podcast.progress':
      podcast.id = e.podcast_id;
      $('podcast-progress').style.width = e.percent + '%';
      $('podcast-state').textContent = e.status === 'writing' ? `Writing the script… ${e.percent}%`
        : e.status === 'rendering' ? 'Script ready.' : e.status;
      break;
    case 'podcast.ready':
      podcast.id = e.podcast_id;
      $('podcast-title').textContent = e.title;
      $('podcast-progress').style.width = '100%';
      renderScript(e);
      send(podcast.ws, { type: 'podcast.start' });
      clearInterval(podcast.timer);
      podcast.timer = setInterval(() => {
        send(podcast.ws, { type: 'podcast.playback', audio_end_ms: Math.round(audio.heardMs()) });
        highlight();
      }, 200);
      $('podcast-state').textContent = 'Playing. Ask a question at any moment.';
      break;
    case 'podcast.turn.started':
      podcast.turns.push({ at: e.audio_start_ms, key: `${e.segment}:${e.turn}` });
      break;
    case 'response.output_audio.delta':
      audio.push(fromBase64(e.audio));
      break;
    case 'podcast.interrupted':
      audio.flush();
      podcast.turns = [];
      $('podcast-state').textContent = e.at_word ? `Stopped at “${e.at_word}”.` : 'Stopped.';
      break;
    case 'podcast.answer.started':
      $('transcript').append(li('listener', 'You', e.question));
      $('podcast-state').textContent = `${e.host} is answering…`;
      break;
    case 'podcast.answer.done': {
      const item = li('answer', e.host, e.text);
      $('transcript').append(item);
      item.scrollIntoView({ block: 'nearest' });
      break;
    }
    case 'podcast.resumed':
      $('podcast-state').textContent = e.word ? `Back to the episode, from “${e.word}”.` : 'Back to the episode.';
      break;
    case 'podcast.paused':
      $('podcast-pause').textContent = 'Resume';
      break;
    case 'conversation.item.input_audio_transcription.completed':
      if (e.transcript) $('question').value = '';
      break;
    case 'podcast.done':
      $('podcast-state').textContent = 'That was the episode.';
      break;
    case 'error':
      showError(e.error.message);
      break;
    default:
      break;
  }
}

function renderScript(e) {
  const list = $('transcript');
  list.textContent = '';
  const hostIndex = new Map(e.hosts.map((h, i) => [h.name, i]));
  e.segments.forEach((segment, s) => {
    list.append(li('segment', null, segment.title));
    segment.turns.forEach((turn, t) => {
      const item = li('host' + (hostIndex.get(turn.host) ?? 0), turn.host, turn.text);
      item.dataset.key = `${s}:${t}`;
      list.append(item);
    });
  });
}

/** Highlights the line being heard now (turns start at known points of the audio timeline). */
function highlight() {
  const heard = audio.heardMs();
  let now = null;
  for (const t of podcast.turns) if (t.at <= heard) now = t.key;
  if (!now || now === podcast.current) return;
  const previous = document.querySelector('#transcript li.current');
  if (previous) { previous.classList.remove('current'); previous.classList.add('heard'); }
  const item = document.querySelector(`#transcript li[data-key="${now}"]`);
  if (item) { item.classList.add('current'); item.scrollIntoView({ block: 'nearest', behavior: 'smooth' }); }
  podcast.current = now;
}

function ask() {
  const q = $('question').value.trim();
  if (!q) return;
  send(podcast.ws, { type: 'podcast.playback', audio_end_ms: Math.round(audio.heardMs()) });
  send(podcast.ws, { type: 'podcast.interrupt', text: q });
  $('question').value = '';
}
$('ask').addEventListener('click', ask);
$('question').addEventListener('keydown', (e) => { if (e.key === 'Enter') ask(); });

$('podcast-pause').addEventListener('click', () => {
  const pausing = $('podcast-pause').textContent === 'Pause';
  send(podcast.ws, { type: pausing ? 'podcast.pause' : 'podcast.resume' });
  if (pausing) audio.ctx.suspend(); else audio.ctx.resume();
  $('podcast-pause').textContent = pausing ? 'Resume' : 'Pause';
});

$('podcast-stop').addEventListener('click', () => {
  podcast.stopping = true;
  if (podcast.ws) podcast.ws.close();
  audio.flush();
  stopPodcastMic();
  $('podcast-live').hidden = true;
  $('podcast-setup').hidden = false;
});

function stopPodcastMic() {
  if (podcast.micOn) send(podcast.ws, { type: 'input_audio_buffer.commit' }); // ends a question cut short
  podcast.micOn = false;
  audio.stopMic();
  $('podcast-mic').setAttribute('aria-pressed', 'false');
  $('podcast-mic').innerHTML = '<span class="rec"></span>Mic off';
}

$('podcast-mic').addEventListener('click', async () => {
  if (podcast.micOn) { stopPodcastMic(); return; }
  try {
    await audio.startMic((pcm) => send(podcast.ws, { type: 'input_audio_buffer.append', audio: toBase64(pcm) }));
    podcast.micOn = true;
    $('podcast-mic').setAttribute('aria-pressed', 'true');
    $('podcast-mic').innerHTML = '<span class="rec"></span>Listening';
  } catch (e) {
    showError('The microphone is not available: ' + e.message);
  }
});

// ------------------------------------------------------------------ voice chat (the realtime protocol)

const chat = { ws: null, items: new Map(), playing: null, on: false };
// What the offline engine can talk about in the demo (an LLM engine answers anything).
const CHAT_KNOWLEDGE = 'Nexus is a self-hosted server for live spoken AI. '
  + 'Nexus runs speech recognition, a language model, speech synthesis and podcasts on your own machine. '
  + 'Nexus speaks the OpenAI Realtime protocol, so existing voice clients work with it. '
  + 'Nexus makes podcasts from a topic, a text or a web page, and listeners can interrupt the hosts with questions. '
  + 'Nexus can calculate, tell the time and search the documents you give it.';

$('chat-connect').addEventListener('click', async () => {
  if (chat.on) { stopChat(); return; }
  await audio.init();
  chat.on = true;
  $('chat-connect').textContent = 'Stop';
  setConn('connecting…', 'busy');
  const ws = new WebSocket(wsUrl('/v1/realtime', { model: 'nexus-realtime' }));
  chat.ws = ws;
  ws.onopen = () => setConn('connected', 'ok');
  ws.onclose = () => {
    if (chat.ws === ws && chat.on) { showError('The voice chat connection closed.'); stopChat(); }
  };
  ws.onerror = () => showError('The voice chat connection failed.');
  ws.onmessage = (m) => onChatEvent(JSON.parse(m.data));
});

function stopChat() {
  chat.on = false;
  audio.stopMic();
  if (chat.ws) chat.ws.close();
  chat.ws = null;
  $('chat-connect').innerHTML = '<span class="rec"></span>Start talking';
  setConn('not connected', 'idle');
}

function assistantItem(id) {
  if (!chat.items.has(id)) {
    const item = li('assistant', 'Nexus', '');
    $('chat-log').append(item);
    chat.items.set(id, { el: item, startFrame: audio.received, text: '' });
  }
  return chat.items.get(id);
}

async function onChatEvent(e) {
  stats.chatEvents.push(e.type);
  switch (e.type) {
    case 'session.created':
      send(chat.ws, { type: 'session.update', session: { type: 'realtime', instructions: CHAT_KNOWLEDGE,
        audio: { input: { format: { type: 'audio/pcm', rate: 16000 },
          turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 700 } },
        output: { format: { type: 'audio/pcm', rate: 24000 }, voice: $('voice1').value || 'alloy' } } } });
      try {
        await audio.startMic((pcm) => send(chat.ws, { type: 'input_audio_buffer.append', audio: toBase64(pcm) }));
      } catch (err) {
        showError('The microphone is not available: ' + err.message + ' — you can still type.');
      }
      break;
    case 'input_audio_buffer.speech_started':
      if (chat.playing) { // barge-in: stop playing, and tell the server what was heard
        const item = chat.items.get(chat.playing);
        const heardMs = Math.max(0, (audio.played - (item.startFrame - audio.flushReceived + audio.flushPlayed)) / 24);
        audio.flush();
        send(chat.ws, { type: 'conversation.item.truncate', item_id: chat.playing, content_index: 0,
          audio_end_ms: Math.round(heardMs) });
        item.el.classList.add('cut');
        chat.playing = null;
      }
      $('chat-partial').textContent = '…';
      break;
    case 'conversation.item.input_audio_transcription.delta':
      $('chat-partial').textContent = ($('chat-partial').textContent.replace(/…$/, '') + e.delta).trim() + '…';
      break;
    case 'conversation.item.input_audio_transcription.completed':
      $('chat-partial').textContent = '';
      if (e.transcript) $('chat-log').append(li('user', 'You', e.transcript));
      break;
    case 'response.output_audio_transcript.delta': {
      const item = assistantItem(e.item_id);
      item.text += e.delta;
      item.el.querySelector('.text').textContent = item.text;
      item.el.scrollIntoView({ block: 'nearest' });
      break;
    }
    case 'response.output_text.delta': {
      const item = assistantItem(e.item_id);
      item.text += e.delta;
      item.el.querySelector('.text').textContent = item.text;
      break;
    }
    case 'response.output_audio.delta':
      assistantItem(e.item_id);
      chat.playing = e.item_id;
      audio.push(fromBase64(e.delta));
      break;
    case 'nexus.tool.result':
      $('chat-log').append(li('tool', '⚙ ' + e.name, `${e.arguments} → ${e.output}`));
      break;
    case 'response.done':
      if (e.response.status === 'cancelled') {
        for (const o of e.response.output || []) chat.items.get(o.id)?.el.classList.add('cut');
      }
      break;
    case 'error':
      showError(e.error.message);
      break;
    default:
      break;
  }
}

function sendChatText() {
  const text = $('chat-text').value.trim();
  if (!text || !chat.ws) { if (!chat.ws) showError('Press “Start talking” first.'); return; }
  send(chat.ws, { type: 'conversation.item.create', item: { type: 'message', role: 'user',
    content: [{ type: 'input_text', text }] } });
  send(chat.ws, { type: 'response.create' });
  $('chat-log').append(li('user', 'You', text));
  $('chat-text').value = '';
}
$('chat-send').addEventListener('click', sendChatText);
$('chat-text').addEventListener('keydown', (e) => { if (e.key === 'Enter') sendChatText(); });
