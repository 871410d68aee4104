// A mentor finds who needs help in ten seconds. On the queue of a mentor with
// 40 learners (lib/hostile.mjs), the page opens with a summary that jumps to
// each kind, the blocked come first, and the first blocked learner's name,
// note and since-date are on screen without scrolling on a phone (390×844)
// and a laptop (1280×720); awaiting review is oldest first; the secondary
// links look secondary. The overview's table and cards are styled and lead
// to the items. Screenshots of the dashboard, a learner page and the queue
// (390 and 1280 px, light and dark) go to SCREENSHOTS for a person to look at.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENSHOTS, basePath, build, removeDir, startStatic } from './lib/site.mjs';
import { launch, withPage as open } from './lib/browser.mjs';
import { BIG_MENTOR, OTHER, hostileProject } from './lib/hostile.mjs';

const QUEUE = `reviews/${BIG_MENTOR}.html`;
const ORDER = ['blocked-h', 'awaiting-h', 'changes-h', 'behind-h', 'stale-h'];

let project;
let site;
let server;
let browser;

before(async () => {
  if (OTHER) return;
  project = hostileProject();
  site = build(project);
  server = await startStatic(site, basePath(project));
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  removeDir(site);
  removeDir(project);
});

/** Open `path` of the hostile site (see lib/browser.mjs withPage). */
function withPage(path, options, fn) {
  return open(browser, new URL(path, server.url).href, options, fn);
}

describe('a mentor with 40 learners', { skip: OTHER }, () => {
  for (const [width, height] of [
    [390, 844],
    [1280, 720],
  ]) {
    it(`${width}×${height}: the first blocked learner's name, note and since-date are on screen without scrolling`, async () => {
      await withPage(QUEUE, { width, height }, async (page, url) => {
        const r = await page.evaluate(() => {
          const box = (el) => {
            if (!el) return null;
            const b = el.getBoundingClientRect();
            return { top: b.top, bottom: b.bottom, width: b.width, text: el.textContent.trim().slice(0, 60) };
          };
          const first = document.getElementById('blocked-h')?.closest('section').querySelector('li');
          return {
            sections: [...document.querySelectorAll('main section[aria-labelledby]')].map((s) => s.getAttribute('aria-labelledby')),
            who: box(first?.querySelector('.who')),
            since: box(first?.querySelector('.item-meta time')),
            note: box(first?.querySelector('.note')),
            height: innerHeight,
            scrolled: scrollY,
          };
        });
        assert.equal(r.sections[0], 'blocked-h', `${url}: the blocked come first (${r.sections})`);
        assert.deepEqual(r.sections, ORDER.filter((s) => r.sections.includes(s)), `${url}: the kinds, most urgent first`);
        assert.equal(r.scrolled, 0);
        for (const part of ['who', 'since', 'note']) {
          const b = r[part];
          assert.ok(b && b.width > 0 && b.text, `${url}: the first blocked item has its ${part}`);
          assert.ok(b.top >= 0 && b.bottom <= r.height, `${url} at ${width}×${height}: the ${part} ("${b.text}") is at ${Math.round(b.top)}…${Math.round(b.bottom)}px, the window ${r.height}px`);
        }
        assert.match(r.since.text, /^\d{4}-\d{2}-\d{2}$/);
      });
    });
  }

  it('the summary counts each kind and jumps to it; each kind in its order', async () => {
    await withPage(QUEUE, { width: 1280, height: 900 }, async (page, url) => {
      const r = await page.evaluate(() => {
        const nav = document.querySelector('nav.queue-summary');
        const firstH2 = document.querySelector('main h2');
        return {
          before: !!nav && !!(nav.compareDocumentPosition(firstH2) & Node.DOCUMENT_POSITION_FOLLOWING),
          links: [...(nav?.querySelectorAll('a') ?? [])].map((a) => {
            const id = a.getAttribute('href').slice(1);
            const section = document.getElementById(id)?.closest('section');
            return {
              id,
              n: Number(a.querySelector('.n').textContent),
              items: section?.querySelectorAll('ol.queue > li').length ?? -1,
              heading: Number(document.getElementById(id)?.querySelector('.count')?.textContent),
            };
          }),
          blockedSince: [...document.querySelectorAll('.k-blocked > li .item-meta time')].map((t) => t.getAttribute('datetime')),
          awaitingFinished: [...document.querySelectorAll('.k-awaiting > li .item-meta time')].map((t) => t.getAttribute('datetime')),
        };
      });
      assert.ok(r.before, `${url}: the summary comes before the first section`);
      const n = Object.fromEntries(r.links.map((l) => [l.id, l]));
      assert.ok(n['blocked-h']?.n >= 3, `${url}: several blocked (${JSON.stringify(r.links)})`);
      assert.ok(n['awaiting-h']?.n >= 20, `${url}: many awaiting review (${JSON.stringify(r.links)})`);
      for (const l of r.links) {
        assert.equal(l.items, l.n, `${url}: the summary says ${l.n} for #${l.id}, the section lists ${l.items}`);
        assert.equal(l.heading, l.n, `${url}: the heading of #${l.id} counts ${l.heading}`);
      }
      assert.deepEqual(r.blockedSince, [...r.blockedSince].sort(), `${url}: blocked longest first`);
      assert.deepEqual(r.awaitingFinished, [...r.awaitingFinished].sort(), `${url}: awaiting review oldest first`);
    });
  });

  it('per item, two links stand out (who and what); evidence and the rest are quiet', async () => {
    for (const width of [390, 1280]) {
      await withPage(QUEUE, { width, height: 900 }, async (page, url) => {
        const bad = await page.evaluate(() => {
          const out = [];
          for (const li of document.querySelectorAll('ol.queue > li')) {
            const who = li.querySelector('.who');
            const main = getComputedStyle(who);
            const loud = [...li.querySelectorAll('a')].filter((a) => {
              const s = getComputedStyle(a);
              return s.color === main.color && parseFloat(s.fontSize) >= parseFloat(main.fontSize) - 0.5;
            });
            if (loud.length > 2) out.push(`${who.textContent}: ${loud.length} links look alike (${loud.map((a) => a.textContent).join(' | ')})`);
            const ev = li.querySelector('.evidence');
            if (ev && ev.getClientRects().length && parseFloat(getComputedStyle(ev).fontSize) >= parseFloat(main.fontSize))
              out.push(`${who.textContent}: the evidence is as loud as the name`);
          }
          return out;
        });
        assert.deepEqual(bad.slice(0, 5), [], `${url} (${width}px)`);
      });
    }
  });
});

describe('the review overview', { skip: OTHER }, () => {
  it("the mentors' table fills its box, spaced, and each count leads to the mentor's section; every card is a link", async () => {
    const r = await withPage('reviews/index.html', { width: 1280, height: 900 }, (page) =>
      page.evaluate(() => {
        const table = document.querySelector('table.queues');
        const cell = table.querySelector('tbody td');
        return {
          width: table.getBoundingClientRect().width,
          box: table.parentElement.clientWidth,
          padding: parseFloat(getComputedStyle(cell).paddingLeft),
          links: [...table.querySelectorAll('tbody td a')].map((a) => a.getAttribute('href')),
          counts: [...table.querySelectorAll('tbody td')].filter((td) => Number(td.textContent.match(/^\d+/)?.[0]) > 0).length,
          cards: [...document.querySelectorAll('.counts dl > div')].map((d) => d.querySelector('a')?.getAttribute('href') ?? null),
        };
      }),
    );
    assert.ok(r.width >= r.box - 1, `the table is ${r.width}px in a ${r.box}px box`);
    assert.ok(r.padding >= 8, `cells padded ${r.padding}px`);
    assert.equal(r.links.length, r.counts, 'every count above zero is a link');
    assert.ok(r.cards.length >= 5 && r.cards.every(Boolean), `every card is a link: ${r.cards}`);
    // Each link leads to a section that is there.
    for (const href of [...new Set([...r.links, ...r.cards])]) {
      const [file, id] = href.split('#');
      const html = readFileSync(join(site, 'reviews', file || 'index.html'), 'utf8');
      assert.ok(html.includes(` id="${id}"`), `${href} leads nowhere`);
    }
  });
});

describe('screenshots of the hostile cohort', { skip: OTHER }, () => {
  it('dashboard, a learner page and the queue, at 390 and 1280 px, light and dark', async () => {
    const pages = { dashboard: 'index.html', learner: 'learners/l000/index.html', queue: QUEUE, reviews: 'reviews/index.html' };
    for (const width of [390, 1280]) {
      for (const scheme of ['light', 'dark']) {
        const first = new URL(pages.dashboard, server.url).href;
        await open(browser, first, { width, height: width < 600 ? 844 : 900, scheme }, async (page) => {
          for (const [kind, path] of Object.entries(pages)) {
            if (kind !== 'dashboard') await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
            const height = await page.evaluate(() => document.documentElement.scrollHeight);
            await page.screenshot({ path: join(SCREENSHOTS, `hostile-${kind}-${width}-${scheme}.png`), fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(height, 2600) } });
          }
        });
      }
    }
  });
});
