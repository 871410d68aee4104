// Every page kind in headless Chromium, at desktop and phone widths, in light
// and dark: no console errors, no failed requests, a screenshot; axe-core finds
// no serious or critical violation; lang, title, one h1 and landmarks.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { SCREENSHOTS, basePath, build, copyProject, removeDir, startServe, startStatic } from './lib/site.mjs';
import { SCHEMES, VIEWPORTS, launch, openPage } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let project;
let site;
let server;
let browser;
const pages = {}; // kind -> { url, status }

before(async () => {
  project = copyProject();
  server = await startServe(project);
  if (!server) {
    console.log('# `waymark serve` is not implemented in this binary: serving `waymark build --full` output statically instead');
    site = build(project, { full: true });
    server = await startStatic(site, basePath(project));
  }
  console.log(`# pages served by ${server.kind} at ${server.url}`);
  console.log(`# screenshots: ${SCREENSHOTS}`);
  mkdirSync(SCREENSHOTS, { recursive: true });

  // Find one week and one learner by following the site's own links.
  const get = async (path) => (await fetch(new URL(path, server.url))).text();
  const roadmap = await get('roadmap/index.html');
  const dashboard = await get('index.html');
  const week = roadmap.match(/href="(?:\.\.\/)?(weeks\/[^"/]+\/(?:index\.html)?)"/);
  const learner = dashboard.match(/href="(learners\/[^"/]+\/(?:index\.html)?)"/);
  assert.ok(week, 'the roadmap page links to a week');
  assert.ok(learner, 'the dashboard links to a learner');
  Object.assign(pages, {
    dashboard: { path: 'index.html', status: 200 },
    roadmap: { path: 'roadmap/index.html', status: 200 },
    week: { path: week[1], status: 200 },
    learner: { path: learner[1], status: 200 },
    reviews: { path: 'reviews/index.html', status: 200 },
    404: { path: 'no-such-page/', status: 404 },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  removeDir(site);
  removeDir(project);
});

const KINDS = ['dashboard', 'roadmap', 'week', 'learner', 'reviews', '404'];

async function withPage(kind, { viewport = 'desktop', scheme = 'light', bypassCSP = false } = {}, fn) {
  const context = await browser.newContext({
    viewport: VIEWPORTS[viewport],
    colorScheme: scheme,
    bypassCSP,
    locale: 'ko-KR',
    deviceScaleFactor: 1,
    isMobile: viewport === 'phone',
    hasTouch: viewport === 'phone',
  });
  try {
    const { url, status } = { url: new URL(pages[kind].path, server.url).href, status: pages[kind].status };
    const opened = await openPage(context, url, { expectStatus: status });
    return await fn(opened, url);
  } finally {
    await context.close();
  }
}

for (const kind of KINDS) {
  describe(`${kind} page`, () => {
    for (const viewport of Object.keys(VIEWPORTS)) {
      for (const scheme of SCHEMES) {
        it(`renders cleanly at ${viewport} width in ${scheme} mode`, async () => {
          await withPage(kind, { viewport, scheme }, async ({ page, problems }, url) => {
            // Let late requests (images, the reload script) settle before judging.
            await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
            const file = join(SCREENSHOTS, `${kind}-${viewport}-${scheme}.png`);
            await page.screenshot({ path: file, fullPage: true });
            const layout = await page.evaluate(() => ({
              scrollWidth: document.documentElement.scrollWidth,
              innerWidth: window.innerWidth,
              text: document.body.innerText.trim().length,
              scheme: matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
              bg: getComputedStyle(document.body).backgroundColor,
            }));
            assert.equal(layout.scheme, scheme, 'the colour scheme is emulated');
            assert.ok(layout.text > 0, `${url} shows text`);
            assert.ok(
              layout.scrollWidth <= layout.innerWidth + 1,
              `${url} scrolls sideways at ${viewport} width: the page is ${layout.scrollWidth}px wide in a ${layout.innerWidth}px viewport`,
            );
            assert.deepEqual(problems, [], `${url} (${viewport}, ${scheme}) had problems`);
          });
        });
      }
    }

    it('has lang, a title, exactly one h1 and the main, nav and banner landmarks', async () => {
      await withPage(kind, {}, async ({ page }, url) => {
        const s = await page.evaluate(() => {
          const banner = [...document.querySelectorAll('header, [role="banner"]')].filter(
            (el) => el.getAttribute('role') === 'banner' || !el.closest('article, aside, main, nav, section'),
          );
          return {
            lang: document.documentElement.getAttribute('lang'),
            title: document.title.trim(),
            h1: document.querySelectorAll('h1').length,
            main: document.querySelectorAll('main, [role="main"]').length,
            nav: document.querySelectorAll('nav, [role="navigation"]').length,
            banner: banner.length,
          };
        });
        assert.match(s.lang ?? '', /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, `${url}: <html lang> is set`);
        assert.ok(s.title.length > 0, `${url}: <title> is not empty`);
        assert.equal(s.h1, 1, `${url}: exactly one h1`);
        assert.equal(s.main, 1, `${url}: exactly one main landmark`);
        assert.ok(s.nav >= 1, `${url}: a nav landmark`);
        assert.equal(s.banner, 1, `${url}: one banner landmark (top-level header)`);
      });
    });

    for (const scheme of SCHEMES) {
      it(`has no serious or critical axe-core violations in ${scheme} mode`, async () => {
        for (const viewport of Object.keys(VIEWPORTS)) {
          // bypassCSP: the page's CSP (default-src 'none') would refuse the injected axe script.
          await withPage(kind, { viewport, scheme, bypassCSP: true }, async ({ page }, url) => {
            await page.addScriptTag({ content: AXE_SOURCE });
            const result = await page.evaluate(() =>
              window.axe.run(document, { resultTypes: ['violations'], rules: {} }),
            );
            const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
            const minor = result.violations.filter((v) => !bad.includes(v));
            for (const v of minor) console.log(`# note: ${kind} ${viewport} ${scheme}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length})`);
            const report = bad
              .map(
                (v) =>
                  `${v.impact} ${v.id}: ${v.help}\n` +
                  v.nodes
                    .slice(0, 8)
                    .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`)
                    .join('\n'),
              )
              .join('\n  ');
            assert.equal(bad.length, 0, `${url} (${viewport}, ${scheme}) axe-core violations:\n  ${report}`);
            // axe-core does not judge text drawn in SVG (chart labels, roadmap nodes): measure it here.
            const low = await page.evaluate(svgTextContrast);
            assert.deepEqual(low, [], `${url} (${viewport}, ${scheme}): SVG text below WCAG AA contrast`);
          });
        }
      });
    }
  });
}

/** Runs in the page: every visible SVG <text> whose contrast with what is behind it is below WCAG AA. */
function svgTextContrast() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) =>
    [r, g, b]
      .map((v) => v / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      .reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (x, y) => {
    const [hi, lo] = [lum(x), lum(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const behind = (el) => {
    // A roadmap node: the text sits on its rect.
    const rect = el.closest('g')?.querySelector(':scope > rect');
    if (rect) {
      const f = parse(getComputedStyle(rect).fill);
      if (f && f.a > 0) return f;
    }
    for (let n = el.closest('svg').parentElement; n; n = n.parentElement) {
      const bg = parse(getComputedStyle(n).backgroundColor);
      if (bg && bg.a > 0) return bg;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const out = [];
  for (const t of document.querySelectorAll('svg text')) {
    const box = t.getBoundingClientRect();
    if (!box.width || !box.height || !t.textContent.trim()) continue;
    const style = getComputedStyle(t);
    const fg = parse(style.fill);
    if (!fg) continue;
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const need = large ? 3 : 4.5;
    const r = ratio(fg, behind(t));
    if (r < need) out.push(`"${t.textContent.trim()}" (${t.closest('[class]')?.getAttribute('class')}): ${r.toFixed(2)}:1 < ${need}:1`);
  }
  return [...new Set(out)].slice(0, 20);
}
