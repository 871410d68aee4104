// Nothing is ever clipped (clipping.test.mjs, clipping-full.test.mjs). Every
// kind of page of a hostile cohort (hostile.mjs: long unbroken names, ids and
// URLs, emoji, Korean, 200 learners), in the public and the full view, at every width from 320 to
// 1600 px in steps of 40, at each of the theme's @media breakpoints ±1 px, and on both sides of
// each window width where a container of the page crosses one of its @container breakpoints: no
// element cut by an ancestor that hides overflow, none past the window's edge
// without a box that scrolls it, no text cut short by text-overflow, no
// sideways scroll of the page; a box that scrolls says so (the edge shadow)
// and is reachable by keyboard; no count card alone on its row.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { basePath, build, removeDir, startStatic } from './site.mjs';
import { launch, withPage } from './browser.mjs';
import { BIG_MENTOR, LONG_ID, OTHER, hostileProject } from './hostile.mjs';

const PAGES = {
  dashboard: 'index.html',
  'dashboard, page 2': 'index-2.html',
  roadmap: 'roadmap/index.html',
  week: 'weeks/terraform-vpc/index.html',
  learner: 'learners/l000/index.html',
  'learner with a 60-letter id': `learners/${LONG_ID}/index.html`,
  reviews: 'reviews/index.html',
  'queue of 40 learners': `reviews/${BIG_MENTOR}.html`,
  'queue without a mentor': 'reviews/-none.html',
  'not found': '404.html',
};
/** The full view: the pages that show more than the public one (private learners, the banner on top). */
const FULL = {
  dashboard: PAGES.dashboard,
  'private learner': 'learners/l003/index.html',
  reviews: PAGES.reviews,
  'queue of 40 learners': PAGES['queue of 40 learners'],
};

/** 320…1600 in steps of 40, and every width the theme's @media rules name, ±1 px. */
function sweep(css) {
  const set = new Set();
  for (let w = 320; w <= 1600; w += 40) set.add(w);
  for (const prelude of css.matchAll(/@media([^{]*)\{/g)) {
    for (const m of prelude[1].matchAll(/([\d.]+)(rem|em|px)/g)) {
      const px = Math.round(m[2] === 'px' ? Number(m[1]) : Number(m[1]) * 16);
      for (const w of [px - 1, px, px + 1]) if (w >= 320 && w <= 1600) set.add(w);
    }
  }
  return [...set].sort((a, b) => a - b);
}

/** Every width the theme's @container rules name, in px: widths of a container, not of the window. */
function containerBreakpoints(css) {
  const set = new Set();
  for (const prelude of css.matchAll(/@container([^{]*)\{/g)) {
    for (const m of prelude[1].matchAll(/([\d.]+)(rem|em|px)/g)) set.add(m[2] === 'px' ? Number(m[1]) : Number(m[1]) * 16);
  }
  return [...set].sort((a, b) => a - b);
}

/** Runs in the page: the content-box width of each size container, in document order. */
function containerWidths() {
  // The containers are found once per page: a search is a dozen calls.
  window.__containers ??= [...document.querySelectorAll('*')].filter((el) => /size/.test(getComputedStyle(el).containerType));
  return window.__containers.map((el) => {
    const s = getComputedStyle(el);
    return el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  });
}

/**
 * The window widths at which a container of the page crosses one of
 * `breakpoints`: `seen` maps each swept window width to the containers'
 * widths there; between two swept widths that straddle a breakpoint, the
 * first window width where the container reaches it.
 */
async function containerEdges(page, seen, breakpoints) {
  const swept = [...seen.keys()].sort((a, b) => a - b);
  const edges = new Set();
  for (let k = 1; k < swept.length; k++) {
    const [a, b] = [swept[k - 1], swept[k]];
    const [before, after] = [seen.get(a), seen.get(b)];
    for (let i = 0; i < Math.min(before.length, after.length); i++) {
      for (const bp of breakpoints) {
        if (!(before[i] < bp && after[i] >= bp)) continue;
        // A container grows in step with the window (or a fixed share of it):
        // the straight line between the two gives the edge, give or take a
        // pixel or two, which a step or two either way settles.
        const reaches = async (w) => {
          await page.setViewportSize({ width: w, height: 900 });
          return (await page.evaluate(containerWidths))[i] >= bp;
        };
        let w = Math.round(a + ((bp - before[i]) * (b - a)) / (after[i] - before[i]));
        w = Math.min(b, Math.max(a + 1, w));
        if (await reaches(w)) {
          while (w - 1 > a && (await reaches(w - 1))) w--;
        } else {
          while (w < b && !(await reaches(w + 1))) w++;
          w++;
        }
        // Both sides of the edge: the last width below the breakpoint, the first at it.
        for (const e of [w - 1, w]) if (!seen.has(e)) edges.add(e);
      }
    }
  }
  return [...edges].sort((a, b) => a - b);
}

/** Runs in the page: everything cut, hidden past an edge, or overflowing the page, described. */
function clipProblems() {
  const out = [];
  const vw = document.documentElement.clientWidth;
  const root = document.scrollingElement;
  if (root.scrollWidth > vw + 1) out.push(`the page scrolls sideways: ${root.scrollWidth}px in a ${vw}px window`);
  const styles = new Map();
  const style = (el) => {
    let s = styles.get(el);
    if (!s) styles.set(el, (s = getComputedStyle(el)));
    return s;
  };
  const what = (el) => {
    const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ');
    return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls}> "${text.length > 40 ? text.slice(0, 40) + '…' : text}"`;
  };
  const hides = (s) => /hidden|clip/.test(s.overflowX) || /hidden|clip/.test(s.overflowY);
  const scrolls = (s) => /auto|scroll/.test(s.overflowX);
  const all = [...document.body.querySelectorAll('*')].filter((el) => !el.closest('svg') || el.tagName.toLowerCase() === 'svg');
  // Hidden on purpose: visually hidden text (clipped to nothing), a skip link parked off screen.
  const onPurpose = all.filter((el) => {
    const s = style(el);
    if (s.position !== 'absolute' && s.position !== 'fixed') return false;
    const r = el.getBoundingClientRect();
    return s.clip !== 'auto' || s.clipPath !== 'none' || r.right <= 0 || r.bottom <= 0;
  });
  for (const el of all) {
    if (onPurpose.some((h) => h.contains(el))) continue;
    if (el.getClientRects().length === 0) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const s = style(el);
    // Past the window's edge, with no box that scrolls it into view.
    if (box.right > vw + 1 || box.left < -1) {
      let a = el.parentElement;
      while (a && a !== document.body && !scrolls(style(a))) a = a.parentElement;
      if (!a || a === document.body) out.push(`${what(el)} reaches past the window (${Math.round(box.left)}…${Math.round(box.right)} of ${vw}px)`);
    }
    // Cut by an ancestor that hides its overflow (up to the nearest one that scrolls).
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const as = style(a);
      if (scrolls(as)) break;
      if (!hides(as)) continue;
      const r = a.getBoundingClientRect();
      const inner = {
        left: r.left + parseFloat(as.borderLeftWidth),
        right: r.right - parseFloat(as.borderRightWidth),
        top: r.top + parseFloat(as.borderTopWidth),
        bottom: r.bottom - parseFloat(as.borderBottomWidth),
      };
      if (box.left < inner.left - 1 || box.right > inner.right + 1 || box.top < inner.top - 1 || box.bottom > inner.bottom + 1) {
        out.push(`${what(el)} is cut by ${what(a)} (overflow ${as.overflowX}/${as.overflowY})`);
        break;
      }
    }
    const wide = el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0;
    const tall = el.scrollHeight > el.clientHeight + 1 && el.clientHeight > 0;
    if (hides(s) && (wide || tall)) out.push(`${what(el)} hides part of itself (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}, overflow ${s.overflowX})`);
    if (s.textOverflow !== 'clip' && wide) out.push(`${what(el)} is cut short by text-overflow: ${s.textOverflow}`);
    // A box that scrolls says so and takes the keyboard's focus.
    if (scrolls(s) && wide) {
      if (el.tabIndex < 0 && !el.querySelector('a, button, input, select, textarea, [tabindex]'))
        out.push(`${what(el)} scrolls sideways but cannot be reached by keyboard`);
      if (!s.backgroundAttachment.includes('local')) out.push(`${what(el)} scrolls sideways without the edge shadow that says so`);
    }
  }
  // No count card alone on its row.
  for (const dl of document.querySelectorAll('.counts dl')) {
    const cards = [...dl.children].filter((c) => c.getBoundingClientRect().width > 0);
    const rows = new Map();
    for (const c of cards) {
      const top = Math.round(c.getBoundingClientRect().top);
      rows.set(top, [...(rows.get(top) ?? []), c]);
    }
    const last = [...rows.values()].at(-1);
    const width = dl.getBoundingClientRect().width;
    if (rows.size > 1 && last.length === 1 && last[0].getBoundingClientRect().width < width - 2)
      out.push(`the card ${what(last[0])} is alone on the last row of ${cards.length} cards`);
  }
  return [...new Set(out)];
}

/** The sweep of every page kind of `view` ('public' or 'full'), as one suite with its own build. */
export function clippingSuite(view) {
  let project;
  let site;
  let server;
  let browser;
  let widths = [];
  let containerBps = [];
  before(async () => {
    if (OTHER) return;
    project = hostileProject();
    site = build(project, { full: view === 'full' });
    server = await startStatic(site, basePath(project));
    const css = readFileSync(join(site, 'assets', 'style.css'), 'utf8');
    widths = sweep(css);
    containerBps = containerBreakpoints(css);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    removeDir(site);
    removeDir(project);
  });
  describe(`nothing is clipped (${view} view)`, { skip: OTHER }, () => {
    for (const [kind, path] of Object.entries(view === 'full' ? FULL : PAGES)) {
      it(`${kind}: at every width from 320 to 1600 px and each breakpoint ±1 px`, async () => {
        const url = new URL(path, server.url).href;
        let edges = [];
        const found = await withPage(browser, url, { width: 1280, height: 900, mobile: false }, async (page) => {
          const out = [];
          const seen = new Map();
          const check = async (width) => {
            await page.setViewportSize({ width, height: 900 });
            for (const p of await page.evaluate(clipProblems)) out.push(`${width}px: ${p}`);
            seen.set(width, await page.evaluate(containerWidths));
          };
          for (const width of widths) await check(width);
          edges = await containerEdges(page, seen, containerBps);
          for (const width of edges) await check(width);
          return out;
        });
        assert.ok(widths.length > 33, `${widths.length} widths swept`);
        // The dashboard's first page and a learner's have count cards and a chart in containers: their breakpoints were crossed.
        if (kind === 'dashboard' || kind.startsWith('learner')) assert.ok(edges.length > 0, 'no @container breakpoint was crossed');
        assert.deepEqual(found.slice(0, 12), [], `${url}: ${found.length} problems`);
      });
    }
  });
}
