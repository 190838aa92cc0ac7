// The demo page in a real, headless Chromium (Debian's), with a recording as the microphone, through the seven
// problems of issue 18: error paths back to the form, a 20 KB article, inline typed and spoken questions, a reload
// that resumes at the heard word, voice chat that pauses the podcast and does not cut a finished answer, and the
// session recording at the end. Screenshots of each state.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { lineCoverage } from './coverage.mjs';

const [baseURL, wav, shots, articleFile, shortSource] = process.argv.slice(2);
const article = readFileSync(articleFile, 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`, '--autoplay-policy=no-user-gesture-required', '--no-sandbox',
    '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const result = { problems: [], steps: [] };
let step = 'start';
// Chromium's precise coverage of the page's scripts, taken in pieces: before a reload and at the end
const coverage = [];
let covered = null;
try {
  const context = await browser.newContext({ viewport: { width: 1180, height: 900 } });
  const page = await context.newPage();
  covered = page;
  await page.coverage.startJSCoverage({ resetOnNavigation: false });
  page.on('console', (m) => { if (m.type() === 'error') result.problems.push(m.text()); });
  page.on('pageerror', (e) => result.problems.push(String(e)));
  const nexus = (f, arg) => page.evaluate(f, arg);
  const count = (type) => nexus((t) => window.nexus.podcastEvents.filter((x) => x === t).length, type);
  const waitEvents = (type, n, timeout = 60000) => page.waitForFunction(([t, k]) =>
    window.nexus.podcastEvents.filter((x) => x === t).length >= k, [type, n], { timeout });
  const shot = (name, fullPage = false) => page.screenshot({ path: `${shots}/${name}.png`, fullPage });
  const visible = (sel) => page.isVisible(sel);
  const begin = (name) => { step = name; result.steps.push(name); };
  const backAtForm = async (name) => {
    await page.waitForFunction(() => !document.getElementById('podcast-setup').hidden
      && !document.getElementById('errors').hidden, null, { timeout: 60000 });
    result[name] = { error: await page.textContent('#error-text'), kept: await page.inputValue('#source'),
      status: await nexus(() => window.nexus.status.podcast[0]), live: await visible('#podcast-live') };
    await shot(name);
    await page.click('#error-close');
  };

  begin('setup');
  await page.goto(baseURL);
  await page.waitForFunction(() => document.getElementById('health').textContent.includes('UP'));
  await page.waitForFunction(() => document.querySelectorAll('#voice2 option').length > 2);
  result.voiceLabels = await page.$$eval('#voice1 option', (os) => os.slice(0, 3).map((o) => o.textContent));
  result.voices = [await page.inputValue('#voice1'), await page.inputValue('#voice2')];
  await page.click('#preview2');
  await page.waitForFunction(() => window.nexus.previews >= 1, null, { timeout: 30000 });
  await shot('01-podcast-setup');
  result.a11y = await nexus(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const gradient = getComputedStyle(e).backgroundImage.match(/rgba?\([^)]*\)/); // a gradient's first colour
        if (gradient) return rgb(gradient[0]);
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c;
      }
      return [255, 255, 255];
    };
    const contrast = (sel) => {
      const el = document.querySelector(sel);
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    };
    const selectors = ['label[for=source]', '#source-kind', '#conn', '#health', '#podcast-start', '#voice1',
      'nav [aria-selected=false]'];
    return { contrast: Object.fromEntries(selectors.map((x) => [x, Math.round(contrast(x) * 10) / 10])),
      live: ['#now-speaking[aria-live]', '#chat-log[aria-live]', '#errors[role=alert]', '#podcast-state[role=status]']
        .filter((x) => !document.querySelector(x)) };
  });

  begin('minutes out of range');
  await page.fill('#source', shortSource);
  await page.fill('#minutes', '100');
  await page.click('#podcast-start');
  await backAtForm('02-error-minutes');
  result['02-error-minutes'].events = await nexus(() => window.nexus.podcastEvents.length);

  begin('over the size limit');
  await page.fill('#minutes', '1');
  await page.fill('#source', 'x'.repeat(200001));
  result.overCount = await page.getAttribute('#source-count', 'class');
  await page.click('#podcast-start');
  await backAtForm('02b-error-too-long');
  result['02b-error-too-long'].kept = result['02b-error-too-long'].kept.length;

  begin('topic without material');
  await page.fill('#minutes', '1');
  await page.fill('#source', 'the history of quantum chromodynamics');
  await page.click('#podcast-start');
  await backAtForm('03-error-topic');

  begin('server error');
  await page.fill('#source', shortSource);
  await nexus(() => document.getElementById('voice2').add(new Option('no-such-voice', 'no-such-voice', true, true)));
  await page.click('#podcast-start');
  await backAtForm('04-error-server');
  await page.selectOption('#voice2', result.voices[1]);

  begin('a 20 KB article plays');
  const errorsAtPlay = await nexus(() => window.nexus.errors.length);
  await page.fill('#minutes', '2');
  await page.fill('#source', article);
  result.countShown = await page.textContent('#source-count');
  await page.click('#podcast-start');
  await page.waitForFunction(() => window.nexus.podcastPlayed > 24000 * 2, null, { timeout: 120000 });
  await page.waitForFunction(() => document.querySelector('#transcript li.current mark'), null, { timeout: 10000 });
  result.framesPlayed = await nexus(() => window.nexus.podcastPlayed);
  result.title = await page.textContent('#podcast-title');
  result.time = await page.textContent('#podcast-time');
  await shot('05-podcast-playing');

  begin('typed question, answered inline');
  await page.fill('#question', 'What did Ada do during the great storm?');
  await page.press('#question', 'Enter');
  await waitEvents('podcast.answer.done', 1);
  await waitEvents('podcast.resumed', 1);
  result.inline = await nexus(() => {
    const qa = document.querySelector('#transcript li.qa');
    const e = window.nexus.lastInterrupted;
    return { before: qa.previousElementSibling?.dataset.key, interrupted: `${e.segment}:${e.turn}`,
      linesAfter: [...document.querySelectorAll('#transcript li.qa ~ li.line')].length,
      question: qa.querySelector('.question .text').textContent, answer: qa.querySelector('.answer .text').textContent };
  });
  result.answerShown = await nexus(() => window.nexus.answerShown);
  await shot('06-podcast-answered');

  begin('spoken question');
  const interruptions = await count('podcast.interrupted');
  await page.click('#podcast-mic');
  await waitEvents('podcast.interrupted', interruptions + 1, 45000);
  await waitEvents('podcast.answer.started', 2, 60000);
  await page.click('#podcast-mic');
  result.spokenQuestion = await nexus(() => window.nexus.lastQuestion);
  result.partialShown = await nexus(() => window.nexus.partialShown);
  await waitEvents('podcast.answer.done', 2, 60000);
  await shot('07-podcast-voice-question');
  await waitEvents('podcast.resumed', 2, 60000);

  begin('reload resumes at the heard word');
  await page.waitForTimeout(2500);
  await page.waitForFunction(() => window.nexus.podcastPhase === 'playing', null, { timeout: 30000 });
  await nexus(() => document.activeElement?.blur());
  await page.keyboard.press('Space');
  await page.waitForFunction(() => window.nexus.podcastPhase === 'paused', null, { timeout: 10000 });
  await page.waitForTimeout(800);
  result.heardWord = await nexus(() => window.nexus.heardWord);
  await shot('08-podcast-paused');
  coverage.push(...await page.coverage.stopJSCoverage());
  await page.coverage.startJSCoverage({ resetOnNavigation: false });
  await page.reload();
  await page.waitForSelector('#resume-offer:not([hidden])', { timeout: 20000 });
  result.keptAfterReload = (await page.inputValue('#source')).length;
  await shot('09-resume-offer');
  await page.click('#resume-yes');
  await page.waitForFunction(() => window.nexus.resumedWord !== undefined, null, { timeout: 60000 });
  result.resumedWord = await nexus(() => window.nexus.resumedWord);
  await page.waitForFunction(() => window.nexus.podcastPlayed > 24000, null, { timeout: 30000 });

  begin('a dropped connection reconnects, and the heard word is right on the new timeline');
  // both counted before the socket drops: the new socket's podcast.resumed can follow its session.created at once
  const sessions = await count('session.created');
  const resumes = await count('podcast.resumed');
  await nexus(() => window.nexus.podcast.ws.close());
  await waitEvents('session.created', sessions + 1, 30000);
  await waitEvents('podcast.resumed', resumes + 1, 30000);
  result.reconnectedSession = await nexus(() => window.nexus.podcast.session);
  await page.waitForTimeout(2000);
  await page.waitForFunction(() => window.nexus.podcastPhase === 'playing', null, { timeout: 30000 });
  await page.fill('#question', 'When did Ada Varga retire?');
  const stops = await count('podcast.interrupted');
  await page.press('#question', 'Enter');
  await waitEvents('podcast.interrupted', stops + 1, 30000);
  result.askedAtWord = await nexus(() => window.nexus.askedAtWord);
  result.interruptedAt = await nexus(() => window.nexus.lastInterrupted.at_word);
  await waitEvents('podcast.resumed', resumes + 2, 90000);

  begin('chat pauses the podcast; a finished answer is not cut');
  await page.click('#tab-chat');
  await page.click('#chat-connect');
  await page.waitForFunction(() => window.nexus.podcastPhase === 'paused', null, { timeout: 10000 });
  const podcastAt = await nexus(() => window.nexus.podcastPlayed);
  await page.waitForFunction(() => document.querySelector('#chat-log li.user'), null, { timeout: 60000 });
  await page.waitForFunction(() => window.nexus.chatEvents.includes('response.done'), null, { timeout: 60000 });
  await page.waitForFunction(() => window.nexus.chatEvents.filter((t) => t === 'input_audio_buffer.speech_started')
    .length >= 2, null, { timeout: 90000 });
  await page.waitForTimeout(1500);
  result.chat = await nexus(() => ({ cut: document.querySelectorAll('#chat-log li.cut').length,
    user: document.querySelector('#chat-log li.user .text').textContent,
    answer: document.querySelector('#chat-log li.assistant .text')?.textContent,
    events: [...new Set(window.nexus.chatEvents)], errors: window.nexus.errors.slice(),
    bargeIns: window.nexus.bargeIns || [] }));
  result.podcastPlayedDuringChat = (await nexus(() => window.nexus.podcastPlayed)) - podcastAt;
  result.chatStatus = await page.textContent('#conn');
  await shot('10-voice-chat');
  await page.click('#chat-connect');
  result.statusesAfterChat = await nexus(() => window.nexus.status);

  begin('back to the podcast, then the recording');
  await page.click('#tab-podcast');
  result.offerOnReturn = await page.textContent('#podcast-state');
  await page.click('#podcast-pause');
  await page.waitForFunction(() => window.nexus.podcastPhase === 'playing', null, { timeout: 10000 });
  await page.waitForTimeout(1500);
  await page.click('#podcast-stop');
  await page.waitForSelector('#podcast-end:not([hidden])', { timeout: 10000 });
  await page.waitForTimeout(1500); // the last append travels after the socket closes
  result.recording = await nexus(async () => {
    const transcript = await (await fetch(document.getElementById('dl-session-text').href)).text();
    const json = await (await fetch(window.nexus.recording)).json();
    const wav = await (await fetch(document.getElementById('dl-session-audio').href)).arrayBuffer();
    return { transcript, types: json.entries.map((e) => e.type), durationMs: json.duration_ms,
      answers: json.entries.filter((e) => e.type === 'answer').map((e) => e.text),
      wavBytes: wav.byteLength, riff: String.fromCharCode(...new Uint8Array(wav.slice(0, 4))) };
  });
  await shot('11-podcast-end');

  begin('phone layout');
  await page.setViewportSize({ width: 390, height: 844 });
  await nexus(() => window.scrollTo(0, 0));
  await shot('12-phone-end');
  await page.click('#end-new');
  await nexus(() => window.scrollTo(0, 0));
  result.phone = await nexus(() => ({ overflow: document.documentElement.scrollWidth - window.innerWidth,
    outside: [...document.querySelectorAll('button, select, input, textarea')].filter((e) => e.offsetParent)
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth).map((e) => e.id) }));
  await shot('13-phone-form');
  result.pageErrors = await nexus((n) => window.nexus.errors.slice(n), errorsAtPlay);
} catch (e) {
  result.failure = `${step}: ${e.stack || e}`;
  try {
    result.lastEvents = await browser.contexts()[0].pages()[0].evaluate(() => ({
      phase: window.nexus.podcastPhase, podcast: window.nexus.podcastEvents.filter((t) => !t.includes('delta')).slice(-20),
      errors: window.nexus.errors }));
  } catch (ignored) {
    // the page is gone
  }
} finally {
  try {
    coverage.push(...await covered.coverage.stopJSCoverage());
    result.jsCoverage = lineCoverage(coverage, baseURL);
  } catch (e) {
    result.jsCoverageFailure = String(e);
  }
  await browser.close();
}
console.log(JSON.stringify(result));
