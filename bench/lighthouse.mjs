// Lighthouse (mobile preset: simulated slow 4G and 4x CPU slowdown) on pages of a
// running Wijkgids server, in the system Chromium with a fresh profile per run (so
// every run is a first visit: Lighthouse does not clear IndexedDB).
//
//   node bench/lighthouse.mjs --out DIR BASE_URL name=/path ...
//
// Prints a table and BENCH lines: the median over LIGHTHOUSE_RUNS runs (default 3)
// of the performance and accessibility scores, LCP, CLS, TBT and FCP. Budgets from
// shared/design/QUALITY.md and issue 21 (performance 98, TBT 100 ms).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, CHROMIUM_FLAGS, bench, commandLine } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = commandLine('node bench/lighthouse.mjs [--out DIR] BASE_URL name=/path ...');
const { base, items: pages } = cli;
const out = cli.out || 'lighthouse';
const runs = Number(process.env.LIGHTHOUSE_RUNS || 3);
mkdirSync(out, { recursive: true });

const FIGURES = [
  // [key, read from the report, budget, unit]
  ['performance', (r) => Math.round(r.categories.performance.score * 100), '>= 98', 'score'],
  ['accessibility', (r) => Math.round(r.categories.accessibility.score * 100), '>= 100', 'score'],
  ['lcp_ms', (r) => Math.round(r.audits['largest-contentful-paint'].numericValue), '<= 1500', 'ms'],
  ['cls', (r) => Number(r.audits['cumulative-layout-shift'].numericValue.toFixed(3)), '<= 0.05', ''],
  ['tbt_ms', (r) => Math.round(r.audits['total-blocking-time'].numericValue), '<= 100', 'ms'],
  ['fcp_ms', (r) => Math.round(r.audits['first-contentful-paint'].numericValue), '', 'ms'],
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

let failed = 0;
const rows = [];
for (const page of pages) {
  const [name, path] = page.split(/=(.*)/s);
  const reports = [];
  // Lighthouse now and then fails to record a trace (NO_NAVSTART): a failed run is
  // tried again, up to `runs` more times per page, and the page fails only then.
  let tries = 0;
  for (let run = 1; reports.length < runs && tries < 2 * runs; run++) {
    tries++;
    const file = join(out, `${name}-${run}.json`);
    const result = spawnSync(
      join(here, 'node_modules', '.bin', 'lighthouse'),
      [
        base + path,
        '--output=json',
        `--output-path=${file}`,
        '--quiet',
        '--no-enable-error-reporting',
        '--only-categories=performance,accessibility',
        `--chrome-flags=${CHROMIUM_FLAGS.join(' ')}`,
      ],
      { env: { ...process.env, CHROME_PATH: CHROMIUM }, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (result.status !== 0) {
      console.error(`lighthouse failed on ${path} (run ${run}): exit ${result.status}; trying again`);
      continue;
    }
    const report = JSON.parse(readFileSync(file, 'utf8'));
    if (report.runtimeError) {
      console.error(`lighthouse on ${path} (run ${run}): ${report.runtimeError.message}; trying again`);
      continue;
    }
    reports.push(report);
  }
  if (reports.length < runs) {
    console.error(`lighthouse on ${path}: ${reports.length} of ${runs} runs after ${tries} tries`);
    failed++;
  }
  if (reports.length === 0) continue;
  const values = FIGURES.map(([, read]) => median(reports.map(read)));
  rows.push({ name, path, values, runs: reports.length });
}

console.log(`Lighthouse ${runs} run(s) per page, mobile preset; medians`);
const table = [
  ['page (runs)', ...FIGURES.map(([key]) => key)],
  ...rows.map(({ path, values, runs: n }) => [`${path} (${n})`, ...values.map(String)]),
  ['budget', ...FIGURES.map(([, , b]) => b || '-')],
];
const width = Math.max(...table.map((r) => r[0].length));
for (const [page, ...cells] of table) {
  console.log([page.padEnd(width), ...cells.map((c) => c.padStart(13))].join(' '));
}
console.log(`full reports: ${out}`);
for (const { name, values } of rows) {
  FIGURES.forEach(([key, , budget, unit], i) => bench(`lighthouse.${name}.${key}`, values[i], budget, unit));
}
process.exit(failed ? 1 : 0);
