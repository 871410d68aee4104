// Live reload and the error overlay of the real `waymark serve`, in a scratch
// copy of the example cohort: an edit reloads the open page by itself; broken
// YAML shows the overlay naming the file over the last good page; the fix
// removes it and reloads.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS, copyProject, removeDir, startServe } from './lib/site.mjs';
import { launch, openPage } from './lib/browser.mjs';

let project;
let server;
let browser;
let context;
let page;
let problems;
let learnerFile;
let original;
let skipReason = null;

before(async () => {
  project = copyProject();
  server = await startServe(project);
  if (!server) {
    skipReason = '`waymark serve` is not implemented in this binary: live reload and the error overlay cannot be tested';
    console.log(`# SKIPPED: ${skipReason}`);
    return;
  }
  const dir = join(project, 'roadmap', 'learners');
  // A public learner, so the page exists in every view.
  const id = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort()
    .find((name) => !/^\s*private:\s*true/m.test(readFileSync(join(dir, `${name}.yaml`), 'utf8')));
  learnerFile = join(dir, `${id}.yaml`);
  original = readFileSync(learnerFile, 'utf8');
  assert.match(original, /^name:/m, `${learnerFile} has a top-level name`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  ({ page, problems } = await openPage(context, new URL(`learners/${id}/index.html`, server.url).href));
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  removeDir(project);
});

/** Put a marker on the current document: it is gone once the page has reloaded. */
const mark = () => page.evaluate(() => (window.__waymarkMark = Math.random()));
const reloaded = () => page.waitForFunction(() => window.__waymarkMark === undefined, null, { timeout: 10_000, polling: 50 });
const h1 = () => page.locator('h1').innerText();
const withName = (name) => original.replace(/^name:.*$/m, `name: ${name}`);

describe('waymark serve in the browser', () => {
  it('an edit to a learner file reloads the open page with the change', async (t) => {
    if (skipReason) return t.skip(skipReason);
    assert.deepEqual(problems, [], 'the page opened cleanly');
    await mark();
    const started = Date.now();
    writeFileSync(learnerFile, withName('라이브 리로드 확인'));
    await reloaded();
    await page.waitForFunction(() => document.querySelector('h1')?.innerText.includes('라이브 리로드 확인'), null, { timeout: 10_000 });
    console.log(`# edit → reloaded page showing it: ${Date.now() - started} ms`);
    assert.equal(await page.locator('#waymark-overlay').count(), 0, 'no error overlay after a good edit');
  });

  it('broken YAML shows the error overlay naming the file, over the last good page', async (t) => {
    if (skipReason) return t.skip(skipReason);
    await mark();
    // An unterminated flow sequence: a YAML syntax error.
    writeFileSync(learnerFile, withName('라이브 리로드 확인') + '\nbroken: [unclosed, \n');
    const overlay = page.locator('#waymark-overlay');
    await overlay.waitFor({ state: 'visible', timeout: 10_000 });
    const shown = await overlay.innerText();
    await page.screenshot({ path: join(SCREENSHOTS, 'overlay-desktop-light.png') });
    assert.match(shown, /learners\/[a-z0-9-]+\.yaml/, `the overlay names the broken file:\n${shown}`);
    assert.ok(shown.includes(learnerFile.split('/').pop()), `the overlay names ${learnerFile.split('/').pop()}:\n${shown}`);
    assert.match(shown, /:\d+:\d+/, `the overlay gives line and column:\n${shown}`);
    // The example site is Korean: so are the overlay's own words.
    assert.match(shown, /사이트를 다시 만들지 못했습니다: 오류 \d+개/, `the overlay speaks the site's language:\n${shown}`);
    assert.equal(await overlay.getAttribute('lang'), 'ko');
    assert.ok((await h1()).includes('라이브 리로드 확인'), 'the last good page is still shown under the overlay');
    const { stdout, stderr } = server.output();
    assert.ok((stdout + stderr).includes(learnerFile.split('/').pop()), 'the terminal names the broken file too');
  });

  it('fixing the file removes the overlay and reloads the page', async (t) => {
    if (skipReason) return t.skip(skipReason);
    await mark();
    writeFileSync(learnerFile, withName('고친 뒤'));
    await reloaded();
    await page.waitForFunction(() => document.querySelector('h1')?.innerText.includes('고친 뒤'), null, { timeout: 10_000 });
    assert.equal(await page.locator('#waymark-overlay').count(), 0, 'the overlay is gone');
    const errors = problems.filter((p) => p.startsWith('uncaught'));
    assert.deepEqual(errors, [], 'no script errors along the way');
  });
});
