#!/usr/bin/env node
// The pictures in the README and the guides, taken from this repository's
// example cohort as GitHub Pages would serve it (`waymark --today 2026-11-22
// build`), in headless Chromium:
//
//   node tests/browser/screenshots.mjs     (WAYMARK_BIN=… for another binary)
//
// writes themes/default/images/*.png and themes/default/images/shots.json,
// which records, for each picture, the page it shows and the SHA-256 of that
// page's HTML. `cargo test` (tests/it/screenshots.rs) builds the example again
// and fails when a page's HTML no longer has that hash: the picture is out of
// date, and running this script again makes it true.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './lib/browser.mjs';
import { REPO, basePath, build, copyProject, removeDir, startStatic } from './lib/site.mjs';

const IMAGES = join(REPO, 'themes', 'default', 'images');

/** Each picture: the page (relative to the site's root), the window, the colours, whole page or first screen. */
const SHOTS = [
  { image: 'dashboard.png', page: 'index.html', viewport: { width: 1280, height: 900 }, scheme: 'light' },
  { image: 'learner.png', page: 'learners/park-ops/index.html', viewport: { width: 1280, height: 900 }, scheme: 'light' },
  { image: 'roadmap.png', page: 'roadmap/index.html', viewport: { width: 1280, height: 900 }, scheme: 'light' },
  {
    image: 'learner-phone-dark.png',
    page: 'learners/park-ops/index.html',
    viewport: { width: 390, height: 844 },
    scheme: 'dark',
  },
];

const project = copyProject();
const site = build(project);
const server = await startStatic(site, basePath(project));
const browser = await launch();
const record = [];
try {
  for (const shot of SHOTS) {
    const html = readFileSync(join(site, shot.page));
    const context = await browser.newContext({
      viewport: shot.viewport,
      colorScheme: shot.scheme,
      deviceScaleFactor: 1,
      isMobile: shot.viewport.width < 600,
      hasTouch: shot.viewport.width < 600,
    });
    const page = await context.newPage();
    await page.goto(new URL(shot.page.replace(/index\.html$/, ''), server.url).href);
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
    await page.screenshot({ path: join(IMAGES, shot.image) });
    await context.close();
    record.push({ ...shot, html_sha256: createHash('sha256').update(html).digest('hex') });
    console.log(`${shot.image}: ${shot.page} at ${shot.viewport.width}×${shot.viewport.height}, ${shot.scheme}`);
  }
} finally {
  await browser.close();
  await server.stop();
  removeDir(site);
  removeDir(project);
}
writeFileSync(join(IMAGES, 'shots.json'), JSON.stringify(record, null, 2) + '\n');
console.log(`wrote ${record.length} pictures and shots.json in ${IMAGES}`);
