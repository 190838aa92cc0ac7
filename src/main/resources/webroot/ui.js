// The page's shell: element lookup, URLs with the API key, the error box, each tab's connection status.
import { stats } from './audio.js';

export const $ = (id) => document.getElementById(id);
const apiKey = new URLSearchParams(location.search).get('api_key');

export function wsUrl(path, query = {}) {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${httpUrl(path, query)}`;
}

export function httpUrl(path, query = {}) {
  const q = new URLSearchParams(query);
  if (apiKey) q.set('api_key', apiKey);
  const s = q.toString();
  return path + (s ? '?' + s : '');
}

/** A message in plain words that stays until the user dismisses it (or the next action succeeds). */
export function showError(message) {
  stats.errors.push(message);
  $('error-text').textContent = message;
  $('errors').hidden = false;
}

/** A server's error during a live session, in plain words. */
export function plainLive(message) {
  const m = String(message || '');
  if (/behind|overloaded/i.test(m)) {
    return 'The server is too busy to follow your voice right now; some of what you said was missed.';
  }
  return m.replace(/\s*\((GET|POST) \/v1[^)]*\)/g, '');
}

export function clearError() {
  $('errors').hidden = true;
  $('error-text').textContent = '';
}

const statuses = { podcast: ['not connected', 'idle'], chat: ['not connected', 'idle'] };
const TAB_NAMES = { podcast: 'Podcast', chat: 'Voice chat' };
let active = 'podcast';
stats.status = statuses;

/** Sets a tab's connection status; the header shows the open tab's. */
export function setStatus(tab, text, kind) {
  statuses[tab] = [text, kind];
  render();
}

function render() {
  const [text, kind] = statuses[active];
  $('conn').textContent = `${TAB_NAMES[active]}: ${text}`;
  $('conn-dot').className = 'dot ' + kind;
}

export function showTab(name) {
  active = name;
  document.querySelectorAll('nav [role=tab]').forEach((x) => x.setAttribute('aria-selected', String(x.dataset.panel === name)));
  document.querySelectorAll('.panel').forEach((p) => { p.hidden = p.id !== 'panel-' + name; });
  render();
}

export function activeTab() {
  return active;
}

/** Who owns the speakers: 'podcast' or 'chat' (set by app.js: claiming it pauses or stops the other). */
export const owner = { claim: (_who) => {} };

export function li(className, who, text) {
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

export function send(ws, event) {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(event));
}
