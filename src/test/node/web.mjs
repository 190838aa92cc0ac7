// The demo page in a real, headless Chromium (Debian's), with a recording as the microphone: a podcast that
// plays, is interrupted by typing and by voice, and resumes; a voice-chat turn. Screenshots of each state.
import { chromium } from 'playwright-core';

const [baseURL, wav, shots, source] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`, '--autoplay-policy=no-user-gesture-required', '--no-sandbox'],
});
const result = { problems: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1180, height: 900 } });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') result.problems.push(m.text()); });
  page.on('pageerror', (e) => result.problems.push(String(e)));
  const count = (type) => page.evaluate((t) => window.nexus.podcastEvents.filter((x) => x === t).length, type);
  const waitEvents = (type, n, timeout = 60000) => page.waitForFunction(([t, k]) =>
    window.nexus.podcastEvents.filter((x) => x === t).length >= k, [type, n], { timeout });

  await page.goto(baseURL);
  await page.waitForFunction(() => document.getElementById('health').textContent.includes('UP'));
  result.setupBanner = await page.textContent('#setup-banner');
  await page.waitForFunction(() => document.querySelectorAll('#voice2 option').length > 10);
  await page.fill('#source', source);
  await page.fill('#minutes', '1');
  await page.screenshot({ path: `${shots}/01-podcast-setup.png` });

  // 1. a podcast plays
  await page.click('#podcast-start');
  await page.waitForFunction(() => window.nexus.framesPlayed > 24000 * 2, null, { timeout: 60000 });
  await page.waitForFunction(() => document.querySelector('#transcript li.current'), null, { timeout: 10000 });
  result.framesPlayed = await page.evaluate(() => window.nexus.framesPlayed);
  result.title = await page.textContent('#podcast-title');
  await page.screenshot({ path: `${shots}/02-podcast-playing.png` });

  // 2. interrupted by typing: the hosts answer and the episode resumes
  await page.fill('#question', 'What did Ada do during the great storm?');
  await page.click('#ask');
  await waitEvents('podcast.answer.done', 1);
  await waitEvents('podcast.resumed', 1);
  result.typedAnswer = await page.textContent('#transcript li.answer:last-of-type .text');
  const playedBefore = await page.evaluate(() => window.nexus.framesPlayed);
  await page.waitForFunction((n) => window.nexus.framesPlayed > n + 24000, playedBefore, { timeout: 30000 });
  await page.screenshot({ path: `${shots}/03-podcast-answered.png` });

  // 3. interrupted by voice: the recording plays into the microphone
  const interruptions = await count('podcast.interrupted');
  await page.click('#podcast-mic');
  await waitEvents('podcast.interrupted', interruptions + 1, 30000);
  await waitEvents('podcast.answer.started', 2, 60000);
  result.spokenQuestion = await page.textContent('#transcript li.listener:last-of-type .text');
  await page.click('#podcast-mic');
  await waitEvents('podcast.answer.done', 2, 60000);
  await page.screenshot({ path: `${shots}/04-podcast-voice-question.png` });
  await waitEvents('podcast.resumed', 2, 60000);
  await page.click('#podcast-stop');

  // 4. voice chat: a spoken turn gets a transcript and a spoken answer
  await page.click('#tab-chat');
  const framesBefore = await page.evaluate(() => window.nexus.framesReceived);
  await page.click('#chat-connect');
  await page.waitForFunction(() => document.querySelector('#chat-log li.user'), null, { timeout: 60000 });
  await page.waitForFunction(() => [...document.querySelectorAll('#chat-log li.assistant .text')]
    .some((t) => t.textContent.length > 10), null, { timeout: 60000 });
  await page.waitForFunction((n) => window.nexus.framesReceived > n + 12000, framesBefore, { timeout: 30000 });
  result.chatUser = await page.textContent('#chat-log li.user .text');
  result.chatAnswer = await page.textContent('#chat-log li.assistant .text');
  result.chatEvents = await page.evaluate(() => [...new Set(window.nexus.chatEvents)]);
  await page.screenshot({ path: `${shots}/05-voice-chat.png` });
  await page.click('#chat-connect');

  // 5. a phone-sized screen
  await page.setViewportSize({ width: 390, height: 844 });
  await page.click('#tab-podcast');
  await page.screenshot({ path: `${shots}/06-phone.png`, fullPage: true });
  result.pageErrors = await page.evaluate(() => window.nexus.errors);
} catch (e) {
  result.failure = String(e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
