// Nexus demo page: a live, interruptible podcast and voice chat over the server's WebSockets. No dependencies.
import { $, httpUrl, showError, clearError, showTab, activeTab, owner } from './ui.js';
import { stats } from './audio.js';
import { restore, togglePause, yieldToChat } from './podcast.js';
import { chatOn, stopChat } from './chat.js';

window.nexus = stats; // what the browser tests read

// One audio owner at a time: chat pauses the podcast; the podcast (resumed or asked by voice) ends the chat.
owner.claim = (who) => {
  if (who === 'chat') yieldToChat();
  else if (chatOn()) stopChat();
};

document.querySelectorAll('nav [role=tab]').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.panel)));
$('error-close').addEventListener('click', clearError);

// Keyboard: Space pauses and resumes the podcast (outside text fields and buttons), Escape dismisses a message.
document.addEventListener('keydown', (e) => {
  const typing = e.target.closest('input, textarea, select, button, a, audio');
  if (e.code === 'Space' && !typing && activeTab() === 'podcast') {
    e.preventDefault();
    togglePause();
  } else if (e.key === 'Escape') {
    clearError();
  }
});

// ------------------------------------------------------------------ voices: labelled, with a one-click preview

const ENGINE_RANK = ['flite', 'piper', 'espeak'];

function label(v) {
  const name = !v.name || v.name.includes(v.id) ? v.id[0].toUpperCase() + v.id.slice(1) : v.name;
  return [name, [v.language, v.gender, v.engine].filter(Boolean).join(' · ')].filter(Boolean).join(' — ');
}

/** Two clearly different voices: a male and a female one of the best engine that has both. */
function defaults(voices, fallback) {
  const english = voices.filter((v) => !v.language || String(v.language).startsWith('en'));
  const engines = [...new Set(english.map((v) => v.engine))]
    .sort((a, b) => (ENGINE_RANK.indexOf(a) + 1 || 99) - (ENGINE_RANK.indexOf(b) + 1 || 99));
  for (const engine of engines) {
    const male = english.find((v) => v.engine === engine && v.gender === 'male');
    const female = english.find((v) => v.engine === engine && v.gender === 'female');
    if (male && female) return [male.id, female.id];
  }
  const ids = voices.map((v) => v.id);
  return [ids.includes(fallback) ? fallback : ids[0], ids.includes('nova') ? 'nova' : ids[1] ?? ids[0]];
}

async function loadVoices() {
  const res = await fetch(httpUrl('/v1/voices'));
  const body = await res.json();
  const voices = body.data || [];
  const chosen = defaults(voices, body.default || 'alloy');
  const engines = [...new Set(voices.map((v) => v.engine || 'voices'))];
  [$('voice1'), $('voice2')].forEach((select, i) => {
    for (const engine of engines) {
      const group = document.createElement('optgroup');
      group.label = engine;
      for (const v of voices.filter((x) => (x.engine || 'voices') === engine)) {
        group.append(new Option(label(v), v.id, false, v.id === chosen[i]));
      }
      select.append(group);
    }
  });
}

async function preview(select, host) {
  const button = select.nextElementSibling;
  button.disabled = true;
  try {
    const res = await fetch(httpUrl('/v1/audio/speech'), { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tts-1', voice: select.value, response_format: 'wav',
        input: `Hi, I'm ${host}. This is how I sound on this podcast.` }) });
    if (!res.ok) throw new Error((await res.json()).error?.message || res.statusText);
    const url = URL.createObjectURL(await res.blob());
    const sound = new Audio(url);
    sound.onended = () => URL.revokeObjectURL(url);
    await sound.play();
    stats.previews++;
  } catch (e) {
    showError(`The voice could not be previewed: ${e.message}`);
  } finally {
    button.disabled = false;
  }
}
$('preview1').addEventListener('click', () => preview($('voice1'), 'Alex'));
$('preview2').addEventListener('click', () => preview($('voice2'), 'Sam'));

(async () => {
  try {
    await loadVoices();
  } catch (e) {
    showError('The voices could not be read from the server: ' + e.message);
  }
  restore();
  try {
    const health = await (await fetch('/health')).json();
    $('health').textContent = health.status === 'UP' ? 'server UP' : 'server ' + health.status;
  } catch (e) {
    $('health').textContent = 'server unreachable';
  }
})();
