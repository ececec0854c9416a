// A new visitor on a slow phone, measured with real throttling through the DevTools
// protocol (not Lighthouse's simulation): 1.6 Mbps down, 750 kbps up, 150 ms round
// trip, the CPU 4x slower, a fresh profile (nothing cached, no service worker).
// The visitor types a word into the search box as soon as it is there, key by key,
// and the clock stops when the first result card is on the screen.
//
//   node bench/cold_start.mjs BASE_URL word [word ...]
//
// Prints, per word and as the median of COLD_START_RUNS runs (default 3): first
// paint, typed results (both from navigation start: the first frame with a result
// card on the screen, timed in the page) and the longest task during
// start-up, as BENCH lines. Budgets: shared/design/QUALITY.md, issue 21.
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, bench, commandLine } from './chromium.mjs';

const { base, items: words } = commandLine('node bench/cold_start.mjs BASE_URL word ...');
const runs = Number(process.env.COLD_START_RUNS || 3);
const RESULT = '[data-testid=results] .card';

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

/** One first visit; what it measured, in ms from navigation start. */
async function visit(word) {
  // A new browser each time: a fresh profile is a visitor who never came before.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_FLAGS.filter((f) => f !== '--headless=new'),
    headless: true,
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      // A resident's phone: the page painted by the server is the one kept.
      locale: 'nl-NL',
    });
    const page = await context.newPage();
    // Long tasks from the very start, before the app's own code runs.
    await page.addInitScript((RESULT) => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask', buffered: true });
      // When the first result is on the screen: in the page, at the first frame
      // after it came (the test driver's own polling would add its delay).
      new MutationObserver((_, observer) => {
        if (!document.querySelector(RESULT)) return;
        observer.disconnect();
        requestAnimationFrame(() => setTimeout(() => { window.__resultsShown = performance.now(); }, 0));
      }).observe(document, { childList: true, subtree: true });
    }, RESULT);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

    await page.goto(base + '/', { waitUntil: 'commit' });
    const box = page.locator('#q');
    await box.waitFor({ state: 'visible', timeout: 60_000 });
    const boxAt = await page.evaluate(() => performance.now());
    // Typed as a person does, key by key.
    await box.pressSequentially(word, { delay: 80 });
    const typedAt = await page.evaluate(() => performance.now());
    await page.waitForSelector(RESULT, { timeout: 120_000 });
    await page.waitForFunction(() => window.__resultsShown !== undefined);
    const resultsAt = await page.evaluate(() => window.__resultsShown);
    const paint = await page.evaluate(
      () => performance.getEntriesByName('first-paint')[0]?.startTime ?? null,
    );
    const tasks = await page.evaluate(() => window.__longTasks);
    // Start-up: until the results are there.
    const longest = tasks
      .filter(([start]) => start <= resultsAt)
      .reduce((max, [, duration]) => Math.max(max, duration), 0);
    return { paint, boxAt, typedAt, resultsAt, longest, longTasks: tasks.length };
  } finally {
    await browser.close();
  }
}

let failed = 0;
for (const word of words) {
  const seen = [];
  for (let run = 0; run < runs; run++) {
    try {
      seen.push(await visit(word));
    } catch (error) {
      console.error(`cold start "${word}" run ${run + 1} failed: ${error.message}`);
    }
  }
  if (seen.length === 0) {
    failed++;
    continue;
  }
  const m = (key) => Math.round(median(seen.map((s) => s[key])));
  console.log(
    `cold start, "${word}" (median of ${seen.length}): first paint ${m('paint')} ms, ` +
      `search box ${m('boxAt')} ms, typed by ${m('typedAt')} ms, results ${m('resultsAt')} ms, ` +
      `longest start-up task ${m('longest')} ms (${m('longTasks')} long tasks)`,
  );
  const key = `cold_start.${word.replace(/\W+/g, '_')}`;
  bench(`${key}.first_paint_ms`, m('paint'), '<= 1000', 'ms');
  bench(`${key}.typed_results_ms`, m('resultsAt'), '<= 2000', 'ms');
  bench(`${key}.longest_task_ms`, m('longest'), '<= 50', 'ms');
}
process.exit(failed ? 1 : 0);
