#!/usr/bin/env node
// Runs the browser, accessibility and validity tests with node's built-in test
// runner and ends with one line `N passed, N failed` (CI reads it).
//
//   node run.mjs                 every *.test.mjs here
//   node run.mjs validity pages  only the files whose names contain these words
//
// WAYMARK_BIN (default ../../target/release/waymark), WAYMARK_PROJECT (the
// project to copy and test; default: this repository's example cohort),
// CHROMIUM_PATH (default /usr/bin/chromium) and WAYMARK_SCREENSHOTS (default
// ./screenshots) override where things are.

import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HERE, SCREENSHOTS } from './lib/site.mjs';

const words = process.argv.slice(2);
const files = readdirSync(HERE)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => words.length === 0 || words.some((w) => f.includes(w)))
  .sort()
  .map((f) => join(HERE, f));
if (files.length === 0) {
  console.error(`no test file matches ${words.join(' ')}`);
  process.exit(2);
}

let passed = 0;
let failed = 0;
const skipped = [];
// A hang guard per file, not a speed target: the clipping sweeps of a
// 200-learner cohort take minutes on a busy machine.
const stream = run({ files, concurrency: 1, timeout: 600_000 });
stream.on('test:pass', (d) => {
  if (d.details?.type === 'suite') return;
  if (d.skip !== undefined && d.skip !== false) skipped.push(`${d.name}: ${d.skip}`);
  else passed++;
});
stream.on('test:fail', (d) => {
  // A failing suite is counted through its tests; a failing file (a hook or a
  // crash outside any test) counts once.
  if (d.details?.type === 'suite') return;
  failed++;
});
stream.compose(new spec()).pipe(process.stdout);
await new Promise((resolve) => stream.on('end', resolve));
// Let the reporter flush.
await new Promise((resolve) => setImmediate(resolve));

console.log(`\nscreenshots: ${SCREENSHOTS}`);
for (const s of skipped) console.log(`skipped: ${s}`);
const started = Number(process.env.WAYMARK_STEP_STARTED_MS);
if (started) console.log(`browser step took ${Math.round((Date.now() - started) / 1000)} s (install and tests)`);
console.log(`${passed} passed, ${failed} failed${skipped.length ? `, ${skipped.length} skipped` : ''}`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
