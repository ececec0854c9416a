// Gathers the BENCH lines of every benchmark into one JSON report and prints one
// table: figure, value, budget, and whether the value is within it.
//
//   node bench/report.mjs LINES_FILE REPORT_JSON [key=value ...]
//
// A BENCH line is `BENCH {"name":..,"value":..,"budget":"<= 2","unit":"ms"}`; the
// budget is a comparison (<=, <, >=, >, ==) and a number, or empty when none.
// The key=value pairs (machine, commit, failed steps, ...) go into the report as they are.
import { readFileSync, writeFileSync } from 'node:fs';

const [linesFile, reportFile, ...meta] = process.argv.slice(2);
const figures = [];
for (const line of readFileSync(linesFile, 'utf8').split('\n')) {
  if (!line.startsWith('BENCH ')) continue;
  try {
    figures.push(JSON.parse(line.slice('BENCH '.length)));
  } catch {
    console.error(`not a BENCH line: ${line}`);
  }
}

/** 'within', 'OVER', or '-' when there is no budget to compare with. */
function status({ value, budget }) {
  const m = /^\s*(<=|>=|==|<|>)\s*(-?[\d.]+)\s*$/.exec(budget || '');
  if (!m || typeof value !== 'number') return '-';
  const limit = Number(m[2]);
  const ok = { '<=': value <= limit, '>=': value >= limit, '==': value === limit, '<': value < limit, '>': value > limit }[m[1]];
  return ok ? 'within' : 'OVER';
}

for (const figure of figures) figure.status = status(figure);
const report = {
  measured_at: new Date().toISOString(),
  ...Object.fromEntries(meta.map((pair) => pair.split(/=(.*)/s).slice(0, 2))),
  figures,
};
writeFileSync(reportFile, JSON.stringify(report, null, 2) + '\n');

const rows = figures.map((f) => [f.name, `${f.value}${f.unit && f.unit !== 'count' ? ` ${f.unit}` : ''}`, f.budget || '-', f.status]);
const head = ['figure', 'value', 'budget', 'status'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const print = (r) => console.log(r.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd());
print(head);
print(widths.map((w) => '-'.repeat(w)));
rows.forEach(print);
const over = figures.filter((f) => f.status === 'OVER');
console.log(`\n${figures.length} figures, ${over.length} over budget${over.length ? ': ' + over.map((f) => f.name).join(', ') : ''}`);
console.log(`report: ${reportFile}`);
