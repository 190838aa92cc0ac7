// The episode's transcript on the page: the script's lines, the word being heard, an answer revealed as it is
// heard, and the playback bar.
import { $, li } from './ui.js';
import { stats } from './audio.js';
import { save } from './form.js';

/** The script's lines, each keyed by segment:turn, with its place among the episode's characters. */
export function renderScript(p, e) {
  const list = $('transcript');
  list.textContent = '';
  const hostIndex = new Map(e.hosts.map((h, i) => [h.name, i]));
  p.offsets = new Map();
  let chars = 0;
  e.segments.forEach((segment, s) => {
    list.append(li('segment', null, segment.title));
    segment.turns.forEach((turn, t) => {
      const item = li('line host' + (hostIndex.get(turn.host) ?? 0), turn.host, turn.text);
      item.dataset.key = `${s}:${t}`;
      item.dataset.full = turn.text;
      p.offsets.set(item.dataset.key, chars);
      chars += turn.text.length;
      list.append(item);
    });
  });
}

/** The listener's question in its Q&A, or (partial) what has been heard of it so far. */
export function setQuestion(p, text, partial) {
  p.qa.question.querySelector('.text').textContent = text;
  p.qa.question.classList.toggle('partial', partial);
  if (partial) stats.partialShown = text;
  if (!partial) stats.lastQuestion = text;
}

/** Shows the word being heard: its line marked, or an answer revealed up to it; the playback bar follows. */
export function show(p, m) {
  p.current = m;
  if (m.role === 'turn') {
    const item = document.querySelector(`#transcript li[data-key="${m.key}"]`);
    if (!item) return;
    const previous = document.querySelector('#transcript li.current');
    if (previous && previous !== item) { previous.classList.remove('current'); previous.classList.add('heard'); }
    if (!item.classList.contains('current')) {
      item.classList.add('current');
      item.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
    words(item, item.dataset.full, m.offset, m.len, false);
    const text = item.dataset.full;
    let end = m.offset;
    while (end < text.length && !/\s/.test(text[end])) end++;
    stats.heardWord = text.slice(m.offset, end).replace(/[^\p{L}\p{N}'-]/gu, '');
    save({ word: stats.heardWord });
    progress(p, p.offsets.get(m.key) + m.offset);
  } else if (p.qa && m.key === p.qa.key + ':answer' && p.qa.answerText) {
    words(p.qa.answer, p.qa.answerText, m.offset, m.len, true);
    stats.answerShown = (stats.answerShown || []).concat([[m.offset + m.len, p.qa.answerText.length]]);
  } else if (p.qa && m.key === p.qa.key + ':bridge' && p.qa.bridge) {
    words(p.qa.answer, p.qa.answerText || '', (p.qa.answerText || '').length, 0, true);
    words(p.qa.bridge, p.qa.bridgeText, m.offset, m.len, true);
  }
}

/** A line's text with the word being heard marked; {@code reveal}: only what has been heard is shown. */
function words(item, text, offset, len, reveal) {
  const t = item.querySelector('.text');
  t.textContent = '';
  const said = document.createElement('span');
  said.className = 'said';
  said.textContent = text.slice(0, offset);
  t.append(said);
  if (len > 0) {
    const mark = document.createElement('mark');
    mark.textContent = text.slice(offset, offset + len);
    t.append(mark);
  }
  if (!reveal) t.append(text.slice(offset + len));
}

function progress(p, chars) {
  const fraction = p.chars ? Math.min(1, chars / p.chars) : 0;
  const m = p.current;
  const start = p.turnStarts.get(m.key);
  if (start != null && m.offset > 20 && m.at > start) p.msPerChar = 0.8 * p.msPerChar + 0.2 * ((m.at - start) / m.offset);
  const total = p.chars * p.msPerChar;
  $('podcast-progress').style.width = (fraction * 100).toFixed(1) + '%';
  $('podcast-bar').setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  $('podcast-time').textContent = `${clock(fraction * total)} / ≈${clock(total)}`;
}

function clock(ms) {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
