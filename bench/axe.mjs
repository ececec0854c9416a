// axe-core on routes of a running Wijkgids server, in the system Chromium at a
// phone's width, after the app has synced the guide onto the device.
//
//   node bench/axe.mjs --out FILE BASE_URL /route ... @email:password /route ...
//
// An item `@email:password` signs in as that account (through the API, as the app's
// sign-in form does) for the routes after it, so the signed-in screens are checked too.
//
// Prints every WCAG 2.2 AA violation (rule, impact, elements, help) per route, in the
// light and the dark colour scheme (AXE_COLOR_SCHEMES), and BENCH lines: violations
// per route (both schemes) and in all (budget 0, QUALITY.md). axe's best-practice
// rules run too; their findings are printed apart and not counted.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS, bench, commandLine } from './chromium.mjs';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SYNCED = 'Bijgewerkt om';
const WAIT_MS = 60_000;

const { out, base, items: routes } = commandLine('node bench/axe.mjs [--out FILE] BASE_URL /route ...');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
const offsite = [];
const summary = (text) => (text || '').split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
const results = [];
const perRoute = new Map(routes.filter((r) => !r.startsWith('@')).map((route) => [route, 0]));
// Both colour schemes: the app follows the system's dark theme, with colours of its own.
const schemes = (process.env.AXE_COLOR_SCHEMES || 'light dark').split(/\s+/).filter(Boolean);
for (const colorScheme of schemes) {
  // One profile for every route, as one person visiting them in turn. The server's
  // CSP forbids injected scripts; bypassing it lets axe in and changes nothing axe checks.
  const context = await browser.newContext({
    viewport: { width: 412, height: 900 },
    bypassCSP: true,
    locale: 'nl-NL',
    colorScheme,
  });
  const page = await context.newPage();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.protocol.startsWith('http')) {
      offsite.push(request.url());
    }
  });
  for (const route of routes) {
    if (route.startsWith('@')) {
      await signIn(page, route.slice(1));
      continue;
    }
    await page.goto(base + route, { waitUntil: 'load' });
    let synced = true;
    try {
      await page.waitForFunction(
        (text) => document.querySelector('[data-testid=sync-status]')?.textContent.includes(text),
        SYNCED,
        { timeout: WAIT_MS },
      );
    } catch {
      synced = false;
    }
    // Let the screen settle after the sync's last change.
    await page.waitForTimeout(500);
    await page.evaluate(axeSource);
    const found = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
      [...WCAG, 'best-practice'],
    );
    const wcag = found.violations.filter((v) => v.tags.some((t) => WCAG.includes(t)));
    const practice = found.violations.filter((v) => !v.tags.some((t) => WCAG.includes(t)));
    const count = wcag.reduce((n, v) => n + v.nodes.length, 0);
    perRoute.set(route, perRoute.get(route) + count);
    // What axe could not decide (e.g. the contrast of a lone symbol) is for a person to check.
    const review = found.incomplete.map((v) => `${v.id} (${v.nodes.length})`);
    results.push({ route, colorScheme, synced, wcag, practice, incomplete: found.incomplete });

    console.log(`\n== ${route} (${colorScheme}): ${count} WCAG violation(s) on ${wcag.length} rule(s)` +
      (synced ? '' : ` (NOT synced: "${SYNCED}" did not appear within ${WAIT_MS / 1000} s)`));
    for (const [label, list] of [['', wcag], ['best practice (not counted): ', practice]]) {
      for (const v of list) {
        console.log(`  ${label}${v.id} [${v.impact}] ${v.help}`);
        for (const node of v.nodes) {
          console.log(`    ${node.target.join(' ')}`);
          console.log(`      ${summary(node.failureSummary).slice(0, 300)}`);
        }
      }
    }
    if (review.length) console.log(`  needs review (not counted): ${review.join(', ')}`);
  }
  await context.close();
}
await browser.close();

/** Signs in as `email:password` and keeps the session where the app keeps it. */
async function signIn(page, account) {
  const split = account.indexOf(':');
  const [email, password] = [account.slice(0, split), account.slice(split + 1)];
  // The session goes into the app's origin: be on it first.
  if (!page.url().startsWith(base)) await page.goto(base + '/', { waitUntil: 'load' });
  const answer = await page.evaluate(async ({ email, password }) => {
    const response = await fetch('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const text = await response.text();
    if (response.ok) localStorage.setItem('wijkgids.session', text);
    return `${response.status} ${text.slice(0, 200)}`;
  }, { email, password });
  if (!answer.startsWith('200')) throw new Error(`signing in as ${email}: ${answer}`);
  console.log(`\n(signed in as ${email})`);
}

const total = [...perRoute.values()].reduce((a, b) => a + b, 0);
console.log(`\naxe-core ${JSON.parse(readFileSync(createRequire(import.meta.url).resolve('axe-core/package.json'))).version}, ` +
  `tags ${WCAG.join(', ')}: ${total} violation(s) on ${perRoute.size} routes in ${schemes.join(' and ')}`);
for (const [route, count] of perRoute) bench(`axe.${route}.violations`, count, '== 0', 'count');
if (offsite.length) console.log(`requests to other hosts than loopback: ${offsite.join(', ')}`);
bench('axe.violations', total, '== 0', 'count');
bench('app.offsite_requests', offsite.length, '== 0', 'count');
if (out) writeFileSync(out, JSON.stringify(results, null, 2));
