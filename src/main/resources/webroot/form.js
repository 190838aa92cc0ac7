// The podcast form: what the source is, the checks made before anything is sent, the server's refusals in plain
// words, and the session kept in local storage for "Resume where you left off".
import { $, showError } from './ui.js';

export const MAX_CHARS = 200000;
const SAVED = 'nexus.podcast';

export function sourceKind(text) {
  if (/^https?:\/\/\S+$/i.test(text)) return 'url';
  return text.split(/\s+/).length > 25 || /[.!?]\s/.test(text) ? 'text' : 'topic';
}

export function describeSource() {
  const text = $('source').value.trim();
  const kind = sourceKind(text);
  $('source-kind').textContent = !text ? `Paste an article, up to ${MAX_CHARS.toLocaleString('en')} characters.`
    : kind === 'url' ? 'A web address: its page is read.'
      : kind === 'topic' ? 'A topic: it works when the server has documents about it. Pasting an article always works.'
        : 'An article.';
  const n = $('source').value.length;
  $('source-count').textContent = n ? `${n.toLocaleString('en')} / ${MAX_CHARS.toLocaleString('en')} characters` : '';
  $('source-count').classList.toggle('over', n > MAX_CHARS);
}
$('source').addEventListener('input', describeSource);

/** The episode to order, or null (with the reason shown) when the form is not right. */
export function order() {
  const text = $('source').value.trim();
  const minutes = Number($('minutes').value);
  $('minutes').removeAttribute('aria-invalid');
  if (!text) {
    showError('Paste an article or a few paragraphs first (or a web address).');
    $('source').focus();
    return null;
  }
  if (text.length > MAX_CHARS) {
    showError(`The text is ${text.length.toLocaleString('en')} characters; the limit is `
      + `${MAX_CHARS.toLocaleString('en')}. Paste a shorter part.`);
    return null;
  }
  if (!$('minutes').value || !(minutes >= 0.5 && minutes <= 60)) {
    showError('Minutes must be a number from 0.5 to 60.');
    $('minutes').setAttribute('aria-invalid', 'true');
    $('minutes').focus();
    return null;
  }
  return { [sourceKind(text)]: text, minutes, style: $('style').value,
    hosts: [{ name: 'Alex', voice: $('voice1').value }, { name: 'Sam', voice: $('voice2').value }] };
}

/** A server's message in words a listener understands. */
export function plain(message, o) {
  const m = String(message || '').replace(/^The episode could not be made: /, '').replace(/^The episode is failed: /, '');
  if (/no source material/i.test(m)) {
    return `Nothing was found to talk about on “${o?.topic ?? 'this topic'}”. Paste an article or a few paragraphs `
      + 'about it into the box, or give a web address; or add documents on it to the server first.';
  }
  if (/unknown voice/i.test(m)) return 'One of the chosen voices is not available on this server. Pick another one.';
  if (/url|page/i.test(m) && /fetch|HTTP|empty|too little|not a text|larger/.test(m)) {
    return `The web page could not be used (${m.replace(/^'?url'? /i, '')}). Paste the article's text instead.`;
  }
  if (/longer than/.test(m)) return 'The text is longer than this server accepts. Paste a shorter part.';
  if (/minutes/.test(m)) return 'Minutes must be a number from 0.5 to 60.';
  return `The server could not make the episode: ${m.replace(/\s*\((GET|POST) \/v1[^)]*\)/g, '')}. Please try again.`;
}

export function save(extra) {
  const saved = { ...load(), ...extra };
  localStorage.setItem(SAVED, JSON.stringify(saved));
}

export function load() {
  try { return JSON.parse(localStorage.getItem(SAVED)) || {}; } catch (e) { return {}; }
}

export function forget() {
  localStorage.removeItem(SAVED);
  $('resume-offer').hidden = true;
}
