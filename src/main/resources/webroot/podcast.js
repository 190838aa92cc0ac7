// The live podcast: the source goes in a podcast.create message (never the URL), every error returns to the form
// with the text kept, the session is kept for "Resume where you left off", and questions and answers appear inline
// at the line where the listener interrupted, the answer's words revealed as they are heard.
import { $, wsUrl, httpUrl, showError, plainLive, clearError, setStatus, li, send, owner } from './ui.js';
import { stats, players, initAudio, startMic, stopMic, toBase64, fromBase64 } from './audio.js';
import { describeSource, order, plain, save, load, forget } from './form.js';
import { renderScript, setQuestion, show } from './transcript.js';

const player = players.podcast;
const p = { ws: null, session: null, id: null, phase: 'idle', order: null, title: null, marks: [], current: null,
  micOn: false, timer: null, retries: 0, qa: null, qas: 0, chars: 0, turnStarts: new Map(), msPerChar: 65,
  stopping: false };
stats.podcast = p;

/** Back to a working form, the text kept, with a message that stays until dismissed. */
function backToForm(message) {
  close();
  $('podcast-live').hidden = true;
  $('podcast-setup').hidden = false;
  if (message) showError(message);
  offerResume();
}

function offerResume() {
  const saved = load();
  $('resume-offer').hidden = !(saved.session && saved.podcastId);
  $('resume-title').textContent = saved.title ? ` — “${saved.title}”${saved.word ? `, at “${saved.word}”` : ''}` : '';
}

/** The page opens: the form as the user left it, and the session to resume. */
export function restore() {
  const saved = load();
  const o = saved.order;
  if (o) {
    $('source').value = o.text ?? o.topic ?? o.url ?? '';
    $('minutes').value = o.minutes ?? 2;
    $('style').value = o.style ?? 'deep_dive';
    (o.hosts || []).slice(0, 2).forEach((h, i) => { $('voice' + (i + 1)).value = h.voice; });
  }
  describeSource();
  offerResume();
}

// ------------------------------------------------------------------ the connection

async function start() {
  clearError();
  const o = order();
  if (!o) return;
  await initAudio();
  owner.claim('podcast');
  forget();
  save({ order: o });
  $('podcast-end').hidden = true;
  showLive('Preparing…');
  $('transcript').textContent = '';
  p.id = null;
  connect(null, o);
}

async function resumeSaved() {
  const saved = load();
  clearError();
  await initAudio();
  owner.claim('podcast');
  $('podcast-end').hidden = true;
  showLive(saved.title || 'Resuming…');
  connect(saved.session, saved.order);
}

function showLive(title) {
  $('podcast-setup').hidden = true;
  $('resume-offer').hidden = true;
  $('podcast-live').hidden = false;
  $('podcast-title').textContent = title;
  $('podcast-state').textContent = 'Connecting…';
  $('podcast-pause').textContent = 'Pause';
  setPhase('loading');
}

function connect(session, o) {
  p.order = o;
  p.stopping = false;
  setStatus('podcast', 'connecting…', 'busy');
  const ws = new WebSocket(wsUrl('/v1/podcasts/live', session ? { session, input_rate: 16000 } : { input_rate: 16000 }));
  p.ws = ws;
  ws.onopen = () => setStatus('podcast', 'connected', 'ok');
  ws.onmessage = (m) => { if (p.ws === ws) onEvent(JSON.parse(m.data)); };
  ws.onclose = () => { if (p.ws === ws) lost(); };
}

function lost() {
  p.ws = null;
  clearInterval(p.timer);
  if (p.stopping) return;
  if (p.phase === 'loading') {
    backToForm('The connection to the server was lost before the episode was ready. Please try again.');
    return;
  }
  if (p.phase === 'done') { setStatus('podcast', 'not connected', 'idle'); return; }
  if (p.retries < 5 && p.session) {
    setStatus('podcast', 'reconnecting…', 'bad');
    $('podcast-state').textContent = 'The connection dropped; reconnecting…';
    setTimeout(() => { if (!p.stopping) connect(p.session, p.order); }, 1000 * 2 ** p.retries++);
    return;
  }
  backToForm('The connection to the server was lost. You can resume where you left off.');
}

function close() {
  p.stopping = true;
  clearInterval(p.timer);
  if (p.ws) p.ws.close();
  p.ws = null;
  player.flush();
  player.resume();
  stopPodcastMic();
  setStatus('podcast', 'not connected', 'idle');
  setPhase('idle');
}

function setPhase(phase) {
  p.phase = phase;
  stats.podcastPhase = phase;
  $('podcast-pause').disabled = !['playing', 'paused'].includes(phase);
}

// ------------------------------------------------------------------ events

function onEvent(e) {
  stats.podcastEvents.push(e.type);
  switch (e.type) {
    case 'session.created':
      player.reset(); // a new socket: its audio timeline starts at 0
      p.marks = [];
      p.session = e.session.id;
      save({ session: p.session, podcastId: e.session.podcast_id || load().podcastId });
      if (!e.session.podcast_id) {
        if (!p.order) { backToForm('Your earlier session has expired. Start the episode again.'); return; }
        if (e.session.resumed === false && load().podcastId) {
          $('podcast-state').textContent = 'Your earlier session has expired; making the episode again.';
        }
        send(p.ws, { type: 'podcast.create', podcast: p.order });
      }
      send(p.ws, { type: 'podcast.start' }); // waits on the server until the episode is ready
      break;
    case 'podcast.progress':
      p.id = e.podcast_id;
      $('podcast-state').textContent = e.status === 'writing' ? `Writing the script… ${e.percent}%`
        : e.status === 'queued' ? 'Reading the source…' : 'The script is ready.';
      break;
    case 'podcast.ready':
      ready(e);
      break;
    case 'podcast.turn.started':
      p.turnStarts.set(`${e.segment}:${e.turn}`, e.audio_start_ms);
      if (p.phase !== 'paused') setPhase('playing');
      $('now-speaking').textContent = `${e.host}: ${e.text}`;
      break;
    case 'response.output_audio.delta':
      player.push(fromBase64(e.audio));
      for (const w of e.words || []) {
        const key = e.role === 'turn' ? `${e.segment}:${e.turn}` : `qa${p.qas}:${e.role}`;
        p.marks.push({ at: w.start_ms, key, offset: w.offset, len: w.word.length, role: e.role });
      }
      break;
    case 'podcast.interrupted':
      interrupted(e);
      break;
    case 'input_audio_buffer.speech_started':
      $('podcast-state').textContent = 'Listening…';
      break;
    case 'conversation.item.input_audio_transcription.delta':
      if (p.qa) setQuestion(p, (p.qa.partial = (p.qa.partial || '') + e.delta) + '…', true);
      break;
    case 'conversation.item.input_audio_transcription.completed':
      if (p.qa) setQuestion(p, e.transcript || '(nothing was heard)', false);
      break;
    case 'podcast.answer.started':
      if (!p.qa) interrupted({});
      setQuestion(p, e.question, false);
      p.qa.answer.querySelector('.text').textContent = 'The hosts are thinking…';
      $('podcast-state').textContent = 'The hosts are thinking about your question…';
      break;
    case 'podcast.answer.audio':
      if (!p.qa) interrupted({});
      setPhase('playing');
      p.qa.answerText = e.text;
      p.qa.answer.querySelector('.who').textContent = e.host;
      p.qa.answer.querySelector('.text').textContent = '';
      $('podcast-state').textContent = `${e.host} is answering…`;
      $('now-speaking').textContent = `${e.host}: ${e.text}`;
      break;
    case 'podcast.answer.done':
      if (p.qa) p.qa.full = e.text;
      break;
    case 'podcast.bridge.started':
      if (p.qa) {
        p.qa.bridgeText = e.text;
        p.qa.bridge = li('bridge', e.host, '');
        p.qa.list.append(p.qa.bridge);
      }
      break;
    case 'podcast.resumed':
      setPhase('playing');
      $('podcast-state').textContent = e.word ? `Back to the episode, from “${e.word}”.` : 'Back to the episode.';
      stats.resumedWord = e.word;
      break;
    case 'podcast.paused':
      break;
    case 'podcast.done':
      done();
      break;
    case 'error':
      if (p.phase === 'loading') backToForm(plain(e.error.message, p.order));
      else showError(plainLive(e.error.message));
      break;
    default:
      break;
  }
}

function ready(e) {
  const again = p.id === e.podcast_id && $('transcript').children.length > 0;
  p.id = e.podcast_id;
  p.title = e.title;
  p.retries = 0;
  $('podcast-title').textContent = e.title;
  save({ podcastId: p.id, title: e.title });
  if (!again) renderScript(p, e);
  p.chars = e.segments.reduce((n, s) => n + s.turns.reduce((m, t) => m + t.text.length, 0), 0);
  $('podcast-state').textContent = 'Playing. Ask a question at any moment.';
  clearInterval(p.timer);
  p.timer = setInterval(tick, 200);
}

/** The listener stopped the hosts: unheard audio is dropped, and the Q&A opens at the line they stopped. */
function interrupted(e) {
  player.flush();
  if (e.heard_ms != null) p.marks = p.marks.filter((m) => m.at <= e.heard_ms); // sent, never heard
  setPhase('answering');
  p.qas++;
  const qa = document.createElement('li');
  qa.className = 'qa';
  qa.setAttribute('aria-label', 'Your question and the answer');
  const question = li('question', 'You', 'Listening…');
  const answer = li('answer', 'Hosts', '…');
  answer.setAttribute('aria-live', 'polite');
  const list = document.createElement('ul');
  list.append(question, answer);
  qa.append(list);
  const line = document.querySelector(`#transcript li[data-key="${e.segment}:${e.turn}"]`);
  if (line) {
    line.classList.add('interrupted');
    let last = line; // after the questions already asked at this line
    while (last.nextElementSibling?.classList.contains('qa')) last = last.nextElementSibling;
    last.after(qa);
  } else {
    $('transcript').append(qa);
  }
  p.qa = { el: qa, list, question, answer, key: `qa${p.qas}` };
  stats.lastInterrupted = e;
  qa.scrollIntoView({ block: 'nearest' });
  $('podcast-state').textContent = e.at_word ? `Stopped at “${e.at_word}”.` : 'Stopped.';
}

function done() {
  setPhase('done');
  $('podcast-state').textContent = 'That was the episode.';
  forget();
  showEnd('That was the episode');
}

function showEnd(title) {
  $('end-title').textContent = title;
  const session = `/v1/podcasts/${p.id}/sessions/${p.session}`;
  $('replay').src = httpUrl(session + '/audio');
  $('dl-session-audio').href = httpUrl(session + '/audio');
  $('dl-session-text').href = httpUrl(session, { format: 'text' });
  $('dl-episode-audio').href = httpUrl(`/v1/podcasts/${p.id}/audio`);
  $('dl-episode-text').href = httpUrl(`/v1/podcasts/${p.id}/transcript`);
  $('podcast-end').hidden = false;
  $('podcast-end').scrollIntoView({ block: 'start' });
  stats.recording = session;
}

// ------------------------------------------------------------------ what is heard

/** Five times a second: tell the server what was heard, and show it. */
function tick() {
  const heard = player.heardMs();
  send(p.ws, { type: 'podcast.playback', audio_end_ms: Math.round(heard) });
  let now = null;
  for (const m of p.marks) {
    if (m.at > heard) break;
    now = m;
  }
  if (now && now !== p.current) show(p, now);
}

// ------------------------------------------------------------------ the listener's controls

function ask() {
  const q = $('question').value.trim();
  if (!q || !p.ws || !['playing', 'paused'].includes(p.phase)) return;
  tick(); // the server learns where the listener is now, and the page shows the same word
  stats.askedAtWord = stats.heardWord;
  if (p.phase === 'paused') resume();
  send(p.ws, { type: 'podcast.interrupt', text: q });
  $('question').value = '';
}

export function pause() {
  if (p.phase !== 'playing') return false;
  send(p.ws, { type: 'podcast.playback', audio_end_ms: Math.round(player.heardMs()) });
  send(p.ws, { type: 'podcast.pause' });
  player.pause();
  setPhase('paused');
  $('podcast-pause').textContent = 'Resume';
  $('podcast-state').textContent = 'Paused. Press Space or Resume to go on.';
  return true;
}

export function resume() {
  if (p.phase !== 'paused') return;
  owner.claim('podcast');
  send(p.ws, { type: 'podcast.resume' });
  player.resume();
  setPhase('playing');
  $('podcast-pause').textContent = 'Pause';
  $('podcast-state').textContent = 'Playing. Ask a question at any moment.';
}

export function togglePause() {
  if (p.phase === 'playing') pause();
  else if (p.phase === 'paused') resume();
}

/** Voice chat takes the speakers: the podcast pauses, and offers to resume. */
export function yieldToChat() {
  stopPodcastMic();
  if (pause()) $('podcast-state').textContent = 'Paused while you use voice chat. Resume to go on.';
}

export function stopPodcastMic() {
  if (p.micOn) send(p.ws, { type: 'input_audio_buffer.commit' }); // ends a question cut short
  if (p.micOn) stopMic();
  p.micOn = false;
  $('podcast-mic').setAttribute('aria-pressed', 'false');
  $('podcast-mic').lastChild.textContent = 'Ask by voice';
}

$('podcast-start').addEventListener('click', start);
$('resume-yes').addEventListener('click', resumeSaved);
$('resume-no').addEventListener('click', forget);
$('end-new').addEventListener('click', () => { $('podcast-end').hidden = true; backToForm(); });
$('ask').addEventListener('click', ask);
$('question').addEventListener('keydown', (e) => { if (e.key === 'Enter') ask(); });
$('podcast-pause').addEventListener('click', togglePause);
$('podcast-stop').addEventListener('click', () => {
  send(p.ws, { type: 'podcast.playback', audio_end_ms: Math.round(player.heardMs()) });
  const had = p.id && p.session;
  backToForm();
  if (had) showEnd('You stopped the episode');
});
$('podcast-mic').addEventListener('click', async () => {
  if (p.micOn) { stopPodcastMic(); return; }
  try {
    owner.claim('podcast');
    await startMic((pcm) => send(p.ws, { type: 'input_audio_buffer.append', audio: toBase64(pcm) }));
    p.micOn = true;
    $('podcast-mic').setAttribute('aria-pressed', 'true');
    $('podcast-mic').lastChild.textContent = 'Listening';
  } catch (err) {
    showError('The microphone is not available (' + err.message + '). You can type your question instead.');
  }
});
window.addEventListener('pagehide', () => send(p.ws, { type: 'podcast.playback',
  audio_end_ms: Math.round(player.heardMs()) }));
