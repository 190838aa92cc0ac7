// Voice chat over the realtime protocol, with its own player: a barge-in truncates only an answer still being heard.
import { $, wsUrl, showError, plainLive, setStatus, li, send, owner } from './ui.js';
import { stats, players, initAudio, startMic, stopMic, toBase64, fromBase64 } from './audio.js';

const player = players.chat;
const chat = { ws: null, items: new Map(), playing: null, on: false };
stats.chat = chat;
// What the offline engine can talk about in the demo (an LLM engine answers anything).
const CHAT_KNOWLEDGE = 'Nexus is a self-hosted server for live spoken AI. '
  + 'Nexus runs speech recognition, a language model, speech synthesis and podcasts on your own machine. '
  + 'Nexus speaks the OpenAI Realtime protocol, so existing voice clients work with it. '
  + 'Nexus makes podcasts from a topic, a text or a web page, and listeners can interrupt the hosts with questions. '
  + 'Nexus can calculate, tell the time and search the documents you give it.';

export function chatOn() {
  return chat.on;
}

async function startChat() {
  await initAudio();
  owner.claim('chat');
  chat.on = true;
  $('chat-connect').lastChild.textContent = 'Stop';
  setStatus('chat', 'connecting…', 'busy');
  const ws = new WebSocket(wsUrl('/v1/realtime', { model: 'nexus-realtime' }));
  chat.ws = ws;
  ws.onopen = () => setStatus('chat', 'connected', 'ok');
  ws.onclose = () => {
    if (chat.ws === ws && chat.on) { showError('The voice chat connection closed. Press “Start talking” to talk again.'); stopChat(); }
  };
  ws.onmessage = (m) => onChatEvent(JSON.parse(m.data));
}

export function stopChat() {
  const ws = chat.ws;
  chat.on = false;
  chat.ws = null;
  if (ws) { stopMic(); ws.close(); }
  player.flush();
  chat.playing = null;
  $('chat-connect').lastChild.textContent = 'Start talking';
  setStatus('chat', 'not connected', 'idle');
}

function assistantItem(id) {
  if (!chat.items.has(id)) {
    const item = li('assistant', 'Nexus', '');
    $('chat-log').append(item);
    chat.items.set(id, { el: item, start: null, end: null, text: '', done: false });
  }
  return chat.items.get(id);
}

/** The listener spoke: if an answer is still being heard, it is cut where the listener is, and the server told. */
function bargeIn() {
  const id = chat.playing;
  const item = id && chat.items.get(id);
  chat.playing = null;
  if (!item || item.start == null) return;
  const heard = player.heardFrames();
  const finished = item.done && heard >= item.end - 240;
  stats.bargeIns = (stats.bargeIns || []).concat([finished]);
  if (finished) return; // the answer had finished: nothing to cut
  const ms = Math.floor(Math.max(0, Math.min(item.end, heard) - item.start) / 24);
  player.flush();
  send(chat.ws, { type: 'conversation.item.truncate', item_id: id, content_index: 0, audio_end_ms: ms });
  item.el.classList.add('cut');
}

async function onChatEvent(e) {
  stats.chatEvents.push(e.type);
  switch (e.type) {
    case 'session.created':
      player.reset();
      send(chat.ws, { type: 'session.update', session: { type: 'realtime', instructions: CHAT_KNOWLEDGE,
        audio: { input: { format: { type: 'audio/pcm', rate: 16000 },
          turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 700 } },
        output: { format: { type: 'audio/pcm', rate: 24000 }, voice: $('voice1').value || 'alloy' } } } });
      try {
        await startMic((pcm) => send(chat.ws, { type: 'input_audio_buffer.append', audio: toBase64(pcm) }));
      } catch (err) {
        showError('The microphone is not available (' + err.message + '). You can still type.');
      }
      break;
    case 'input_audio_buffer.speech_started':
      bargeIn();
      $('chat-partial').textContent = '…';
      break;
    case 'conversation.item.input_audio_transcription.delta':
      $('chat-partial').textContent = ($('chat-partial').textContent.replace(/…$/, '') + e.delta).trim() + '…';
      break;
    case 'conversation.item.input_audio_transcription.completed':
      $('chat-partial').textContent = '';
      if (e.transcript) $('chat-log').append(li('user', 'You', e.transcript));
      break;
    case 'response.output_audio_transcript.delta':
    case 'response.output_text.delta': {
      const item = assistantItem(e.item_id);
      item.text += e.delta;
      item.el.querySelector('.text').textContent = item.text;
      item.el.scrollIntoView({ block: 'nearest' });
      break;
    }
    case 'response.output_audio.delta': {
      const item = assistantItem(e.item_id);
      if (item.start == null) item.start = player.received;
      player.push(fromBase64(e.delta));
      item.end = player.received;
      chat.playing = e.item_id;
      break;
    }
    case 'nexus.tool.result':
      $('chat-log').append(li('tool', '⚙ ' + e.name, `${e.arguments} → ${e.output}`));
      break;
    case 'response.done':
      for (const o of e.response.output || []) {
        const item = chat.items.get(o.id);
        if (!item) continue;
        item.done = true;
        if (e.response.status === 'cancelled') item.el.classList.add('cut');
      }
      break;
    case 'error':
      showError(plainLive(e.error.message));
      break;
    default:
      break;
  }
}

function sendChatText() {
  const text = $('chat-text').value.trim();
  if (!text) return;
  if (!chat.ws) { showError('Press “Start talking” first.'); return; }
  send(chat.ws, { type: 'conversation.item.create', item: { type: 'message', role: 'user',
    content: [{ type: 'input_text', text }] } });
  send(chat.ws, { type: 'response.create' });
  $('chat-log').append(li('user', 'You', text));
  $('chat-text').value = '';
}

$('chat-connect').addEventListener('click', () => (chat.on ? stopChat() : startChat()));
$('chat-send').addEventListener('click', sendChatText);
$('chat-text').addEventListener('keydown', (e) => { if (e.key === 'Enter') sendChatText(); });
