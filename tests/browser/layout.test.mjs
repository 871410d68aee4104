// Layout in Chromium, measured: spacing around the page, chart text that stays
// legible on a phone, a roadmap picture whose arrows keep to the gaps, axes
// that cover the whole chart, and text that wraps where a reader expects.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT, SCREENSHOTS, basePath, build, copyProject, removeDir, startStatic } from './lib/site.mjs';
import { VIEWPORTS, launch, openPage } from './lib/browser.mjs';

// The pages and learners named here are the example cohort's.
const OTHER =
  !existsSync(join(PROJECT, 'roadmap', 'learners', 'kim-dev.yaml')) &&
  'layout.test.mjs measures the example cohort (WAYMARK_PROJECT is another project)';

let project;
let young;
let sites = [];
let server;
let youngServer;
let browser;

before(async () => {
  if (OTHER) return;
  project = copyProject();
  const site = build(project);
  sites.push(site);
  server = await startStatic(site, basePath(project));
  // A young cohort whose first week is the last of a month, and a learner
  // who skipped a core task without giving a date.
  young = copyProject();
  const cohort = join(young, 'roadmap', 'cohort.yaml');
  // (and a mentor whose name takes room in the queue table)
  writeFileSync(
    cohort,
    readFileSync(cohort, 'utf8')
      .replace(/^start: .*$/m, 'start: 2026-10-29')
      .replace(/^(\s+name: )이준호$/m, '$1"Lee, \\"the\\" Mentor"'),
  );
  const learners = join(young, 'roadmap', 'learners');
  for (const f of readdirSync(learners)) rmSync(join(learners, f));
  writeFileSync(
    join(learners, 'new-one.yaml'),
    [
      'name: 새내기',
      'mentor: lee',
      'progress:',
      '  terraform-vpc/aws-setup: {status: done, started: 2026-10-29, finished: 2026-10-30}',
      '  terraform-vpc/remote-state: {status: skipped}',
      '  terraform-vpc/vpc: {status: done, started: 2026-11-02, finished: 2026-11-03}',
      '',
    ].join('\n'),
  );
  const youngSite = build(young);
  sites.push(youngSite);
  youngServer = await startStatic(youngSite, basePath(young));
  mkdirSync(SCREENSHOTS, { recursive: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await youngServer?.stop();
  for (const s of sites) removeDir(s);
  removeDir(project);
  removeDir(young);
});

const PATHS = {
  dashboard: 'index.html',
  roadmap: 'roadmap/index.html',
  week: 'weeks/terraform-vpc/index.html',
  learner: 'learners/kim-dev/index.html',
  part_time: 'learners/lee-half/index.html',
  reviews: 'reviews/index.html',
};

async function withPage(path, { viewport = 'desktop', scheme = 'light', srv = server, width } = {}, fn) {
  const size = width ? { width, height: 844 } : VIEWPORTS[viewport];
  const context = await browser.newContext({
    viewport: size,
    colorScheme: scheme,
    locale: 'ko-KR',
    deviceScaleFactor: 1,
    isMobile: size.width < 600,
    hasTouch: size.width < 600,
  });
  try {
    const url = new URL(path, srv.url).href;
    const { page, problems } = await openPage(context, url);
    assert.deepEqual(problems, [], `${url} had problems`);
    return await fn(page, url);
  } finally {
    await context.close();
  }
}

describe('page spacing', { skip: OTHER }, () => {
  for (const kind of ['dashboard', 'roadmap', 'week', 'learner', 'reviews']) {
    for (const viewport of Object.keys(VIEWPORTS)) {
      it(`${kind} (${viewport}): space between the header and the title, and above the footer`, async () => {
        await withPage(PATHS[kind], { viewport }, async (page, url) => {
          const m = await page.evaluate(() => {
            const header = document.querySelector('.site-header').getBoundingClientRect();
            const h1 = document.querySelector('main h1').getBoundingClientRect();
            const main = document.querySelector('main');
            const last = [...main.children].filter((c) => c.getBoundingClientRect().height > 0).pop();
            const footer = document.querySelector('.site-footer').getBoundingClientRect();
            return {
              above: h1.top - header.bottom,
              below: footer.top - last.getBoundingClientRect().bottom,
              padTop: parseFloat(getComputedStyle(main).paddingTop),
              padBottom: parseFloat(getComputedStyle(main).paddingBottom),
            };
          });
          assert.ok(m.padTop >= 16 && m.above >= 16, `${url}: the title sits ${m.above}px under the header (main's top padding ${m.padTop}px)`);
          assert.ok(m.padBottom >= 24 && m.below >= 24, `${url}: the footer starts ${m.below}px under the content (main's bottom padding ${m.padBottom}px)`);
        });
      });
    }
  }
});

/** Runs in the page: every visible SVG text's size on screen, and whether it is inside its picture. */
function chartText() {
  const out = [];
  for (const t of document.querySelectorAll('svg text')) {
    const box = t.getBoundingClientRect();
    if (!box.width || !box.height || !t.textContent.trim()) continue;
    const svg = t.closest('svg');
    const frame = svg.getBoundingClientRect();
    const ctm = t.getScreenCTM();
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(ctm.a, ctm.b);
    const inside =
      box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5 && box.top >= frame.top - 0.5 && box.bottom <= frame.bottom + 0.5;
    out.push({ text: t.textContent.trim(), chart: svg.getAttribute('class'), px, inside });
  }
  return out;
}

/** Runs in the page: elements inside a chart box that scroll sideways. */
function scrollers() {
  const out = [];
  for (const box of document.querySelectorAll('figure.chart-box, figure.graph-box')) {
    for (const el of [box, ...box.querySelectorAll('*')]) {
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0 && /auto|scroll/.test(getComputedStyle(el).overflowX)) {
        out.push(`${el.tagName}.${el.className.baseVal ?? el.className}: ${el.scrollWidth}px in ${el.clientWidth}px`);
      }
    }
  }
  return out;
}

describe('charts are legible', { skip: OTHER }, () => {
  for (const kind of ['dashboard', 'roadmap', 'learner', 'part_time']) {
    for (const viewport of Object.keys(VIEWPORTS)) {
      it(`${kind} (${viewport}): chart text at least 11px, inside its picture, nothing in a scroll box`, async () => {
        await withPage(PATHS[kind], { viewport }, async (page, url) => {
          const texts = await page.evaluate(chartText);
          const small = texts.filter((t) => t.px < 10.95).map((t) => `"${t.text}" (${t.chart}) at ${t.px.toFixed(1)}px`);
          assert.deepEqual(small.slice(0, 10), [], `${url} (${viewport}): chart text below 11px`);
          const cut = texts.filter((t) => !t.inside).map((t) => `"${t.text}" (${t.chart})`);
          assert.deepEqual(cut, [], `${url} (${viewport}): chart text cut at the picture's edge`);
          assert.deepEqual(await page.evaluate(scrollers), [], `${url} (${viewport}): a chart scrolls sideways`);
        });
      });
    }
  }

  it('a young cohort: calendar month names apart, its legend whole', async () => {
    for (const viewport of Object.keys(VIEWPORTS)) {
      await withPage('learners/new-one/index.html', { viewport, srv: youngServer }, async (page, url) => {
        await page.screenshot({ path: join(SCREENSHOTS, `layout-young-learner-${viewport}.png`), fullPage: true });
        const r = await page.evaluate(() => {
          const months = [];
          for (const svg of document.querySelectorAll('svg.calendar')) {
            const top = svg.getBoundingClientRect().top;
            const labels = [...svg.querySelectorAll('text')]
              .map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }))
              .filter((t) => t.box.top - top < 14 && t.box.width > 0);
            for (let i = 1; i < labels.length; i++) {
              if (labels[i].box.left < labels[i - 1].box.right + 2) months.push(`${labels[i - 1].text}${labels[i].text}`);
            }
          }
          const fig = document.querySelector('.calendar-box').getBoundingClientRect();
          const legend = [...document.querySelectorAll('.calendar-box .cal-legend, .calendar-box svg text')].filter(
            (el) => /적음|많음|less|more/i.test(el.textContent),
          );
          return {
            months,
            legend: legend.length,
            clipped: legend.filter((el) => {
              const b = el.getBoundingClientRect();
              const svg = el.closest('svg')?.getBoundingClientRect() ?? fig;
              return b.left < svg.left - 0.5 || b.right > svg.right + 0.5;
            }).length,
          };
        });
        assert.deepEqual(r.months, [], `${url} (${viewport}): month names overlap`);
        assert.ok(r.legend > 0, `${url}: the calendar has a legend`);
        assert.equal(r.clipped, 0, `${url} (${viewport}): the calendar legend is clipped`);
      });
    }
  });
});

describe('the roadmap picture', { skip: OTHER }, () => {
  it('on a phone, the roadmap is a list of weeks and tasks, not a shrunken picture', async () => {
    for (const kind of ['roadmap']) {
      await withPage(PATHS[kind], { viewport: 'phone' }, async (page, url) => {
        const r = await page.evaluate(() => ({
          graph: document.querySelector('svg.graph')?.getBoundingClientRect().width ?? 0,
          nodes: document.querySelectorAll('svg.graph g.node').length,
          weeks: [...document.querySelectorAll('.flow > li')].filter((li) => li.getBoundingClientRect().height > 0).length,
          tasks: [...document.querySelectorAll('.flow .node')].filter((li) => li.getBoundingClientRect().height > 0).length,
          text: Math.min(...[...document.querySelectorAll('.flow .node a')].map((a) => parseFloat(getComputedStyle(a).fontSize))),
        }));
        assert.equal(r.graph, 0, `${url}: the picture is not shown on a phone`);
        assert.ok(r.weeks >= 10, `${url}: the weeks are listed (${r.weeks})`);
        assert.equal(r.tasks, r.nodes, `${url}: every task is listed`);
        assert.ok(r.text >= 14, `${url}: task titles at ${r.text}px`);
      });
    }
  });

  it('a learner page lists every task once, in its weeks, each week with a cell a task, and draws no picture', async () => {
    for (const viewport of ['phone', 'desktop']) {
      await withPage(PATHS.learner, { viewport }, async (page, url) => {
        const r = await page.evaluate(() => ({
          pictures: document.querySelectorAll('svg.graph').length,
          rows: [...document.querySelectorAll('.week-detail .tasks > li')].map((li) => li.className.match(/is-(\S+)/)[1]),
          cells: [...document.querySelectorAll('.week-detail summary .strip i')].map((i) => i.className.split(' ')[0]),
          shown: [...document.querySelectorAll('.week-detail summary .strip i')].filter((i) => i.getBoundingClientRect().width >= 10).length,
          lists: document.querySelectorAll('.flow').length,
          roadmap: [...document.querySelectorAll('#main a')].some((a) => /roadmap\/index\.html$/.test(a.getAttribute('href'))),
          // Each row's state word, as its pill is painted; and the strip's cell of the same state.
          pills: [...document.querySelectorAll('.week-detail .tasks > li > b:first-child')].map((b) => {
            const style = getComputedStyle(b);
            return [b.parentElement.className.match(/is-(\S+)/)[1], style.backgroundColor, style.borderRadius];
          }),
        }));
        // A state's pill looks the same on every row, and done, in progress, asked for changes and to do each look their own.
        const colours = new Map();
        for (const [state, colour, radius] of r.pills) {
          assert.ok(parseFloat(radius) > 5, `${url}: the ${state} row's state is a pill (${radius})`);
          assert.equal(colours.get(state) ?? colour, colour, `${url}: every ${state} row's pill is ${colours.get(state)}`);
          colours.set(state, colour);
        }
        const kinds = ['done', 'doing', 'changes_requested', 'todo'].filter((s) => colours.has(s));
        assert.ok(kinds.length >= 2, `${url}: the example shows several states (${[...colours.keys()]})`);
        assert.equal(new Set(kinds.map((s) => colours.get(s))).size, kinds.length, `${url}: ${JSON.stringify([...colours])}`);
        assert.equal(r.pictures, 0, `${url}: the roadmap picture is the roadmap page's`);
        assert.ok(r.rows.length > 5, `${url}: the weeks list the tasks (${r.rows.length})`);
        assert.deepEqual(r.cells, r.rows, `${url}: each week's strip has a cell a task, in its state`);
        assert.equal(r.shown, r.cells.length, `${url} (${viewport}): every cell is shown`);
        assert.equal(r.lists, 0, `${url}: no second list of every task`);
        assert.ok(r.roadmap, `${url}: the page links to the roadmap's picture`);
      });
    }
  });

  it('at desktop width, no arrow crosses a task or a week title, and titles wrap between words, whole', async () => {
    for (const kind of ['roadmap']) {
      for (const scheme of ['light', 'dark']) {
        await withPage(PATHS[kind], { viewport: 'desktop', scheme }, async (page, url) => {
          const r = await page.evaluate(graphLayout);
          assert.ok(r.edges > 10, `${url}: the picture has its arrows (${r.edges})`);
          assert.deepEqual(r.crossings.slice(0, 10), [], `${url}: arrows cross tasks or titles`);
          assert.deepEqual(r.badWraps.slice(0, 10), [], `${url}: task titles wrap badly or are cut`);
          assert.deepEqual(r.overflows.slice(0, 10), [], `${url}: text runs out of its box`);
          assert.ok(r.stretch > 0, `${url}: stretch tasks are marked`);
          assert.ok(r.width <= r.box + 1, `${url}: the picture fits its box (${r.width}px in ${r.box}px)`);
          assert.ok(r.minGap >= 4, `${url}: parallel runs of arrows are ${r.minGap}px apart`);
        });
      }
    }
  });

  it('every requires of the roadmap shows in the picture, as an arrow or a tag on the later task', async () => {
    // What each task requires, as the week pages list it.
    const label = readFileSync(join(project, 'themes', 'default', 'i18n', 'ko.yaml'), 'utf8').match(/^requires: "?([^"\n]*)"?$/m)[1];
    const weeks = await withPage(PATHS.roadmap, {}, (page) =>
      page.evaluate(() => [...document.querySelectorAll('svg.graph text.week-label')].map((t) => new URL(t.closest('a').getAttribute('href'), location.href).pathname.match(/weeks\/[^/]+\/index\.html/)[0])),
    );
    const pairs = [];
    for (const path of weeks) {
      const found = await withPage(path, {}, (page) =>
        page.evaluate((label) => {
          const id = (href) => href.match(/weeks\/([^/]+)\/index\.html#task-(.+)$/)?.slice(1).join('/');
          const out = [];
          for (const task of document.querySelectorAll('article.task')) {
            const to = id(`${location.pathname}#${task.id}`);
            for (const list of task.querySelectorAll('p.links')) {
              if (list.querySelector('strong')?.textContent.replace(/:$/, '') !== label) continue;
              for (const a of list.querySelectorAll('a')) out.push([id(a.href), to]);
            }
          }
          return out;
        }, label),
      );
      pairs.push(...found);
    }
    assert.ok(pairs.length > 50, `the week pages list what tasks require (${pairs.length})`);
    for (const kind of ['roadmap']) {
      await withPage(PATHS[kind], { viewport: 'desktop' }, async (page, url) => {
        const shown = await page.evaluate(() => {
          const svg = document.querySelector('svg.graph');
          const id = (href) => href.match(/weeks\/([^/]+)\/index\.html#task-(.+)$/)?.slice(1).join('/');
          const out = [...svg.querySelectorAll('path.edge')].map((p) => [p.dataset.from, p.dataset.to]);
          for (const tag of svg.querySelectorAll('text.earlier')) {
            const box = tag.getBoundingClientRect();
            if (!box.width || !tag.textContent.trim()) continue;
            const to = id(new URL(tag.closest('a').getAttribute('href'), location.href).href);
            for (const from of tag.dataset.from.split(' ')) out.push([from, to]);
          }
          return out;
        });
        // A requirement implied by others (A→B→C covers A→C) needs no mark of its own.
        const next = new Map();
        for (const [a, b] of shown) next.set(a, [...(next.get(a) ?? []), b]);
        const reaches = (a, b) => {
          const seen = new Set([a]);
          const todo = [a];
          while (todo.length) {
            for (const n of next.get(todo.pop()) ?? []) {
              if (n === b) return true;
              if (!seen.has(n)) seen.add(n), todo.push(n);
            }
          }
          return false;
        };
        const missing = pairs.filter(([a, b]) => !reaches(a, b)).map(([a, b]) => `${a} → ${b}`);
        assert.deepEqual(missing, [], `${url}: requires that the picture does not show`);
      });
    }
  });
});

/** Runs in the page: the roadmap picture's arrows, boxes and text, measured. */
function graphLayout() {
  const svg = document.querySelector('svg.graph');
  const inset = (b, d) => ({ x: b.x + d, y: b.y + d, w: b.width - 2 * d, h: b.height - 2 * d });
  const boxes = [
    ...[...svg.querySelectorAll('g.node rect')].map((r) => ({ what: `task "${r.parentNode.textContent}"`, b: inset(r.getBBox(), 1.5) })),
    ...[...svg.querySelectorAll('text.week-label')].map((t) => ({ what: `title "${t.textContent}"`, b: inset(t.getBBox(), -2) })),
  ];
  const crossings = [];
  const runs = [];
  for (const path of svg.querySelectorAll('path.edge')) {
    const len = path.getTotalLength();
    for (let at = 0; at <= len; at += 2) {
      const p = path.getPointAtLength(at);
      const hit = boxes.find(({ b }) => p.x > b.x && p.x < b.x + b.w && p.y > b.y && p.y < b.y + b.h);
      if (hit) {
        crossings.push(`${path.getAttribute('d').slice(0, 40)}… crosses ${hit.what}`);
        break;
      }
    }
    // Straight horizontal runs (for the spacing between parallel lines).
    const pts = [...path.getAttribute('d').matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    for (let i = 1; i < pts.length; i++) {
      if (pts[i][1] === pts[i - 1][1]) runs.push({ y: pts[i][1], lo: Math.min(pts[i][0], pts[i - 1][0]), hi: Math.max(pts[i][0], pts[i - 1][0]), path });
    }
  }
  let minGap = Infinity;
  for (const a of runs) {
    for (const b of runs) {
      if (a.path === b.path || a.y === b.y && a.path.dataset.from === b.path.dataset.from) continue;
      if (Math.min(a.hi, b.hi) - Math.max(a.lo, b.lo) > 2) minGap = Math.min(minGap, Math.abs(a.y - b.y));
    }
  }
  const badWraps = [];
  const overflows = [];
  for (const a of svg.querySelectorAll('a')) {
    const g = a.querySelector('g.node');
    if (!g) continue;
    // The full title, as the list beside the picture (for narrow screens) or the task's row has it.
    const href = a.getAttribute('href');
    const item = [...document.querySelectorAll('.flow .node a, .tasks > li > a:first-of-type')].find((l) => l.getAttribute('href') === href);
    const title = (item?.textContent ?? '').trim().replace(/\s+/g, ' ');
    if (!a.querySelector('title').textContent.startsWith(title)) badWraps.push(`the name of "${title}" is not its full title`);
    const lines = [...g.querySelectorAll('text:not(.earlier) tspan')].map((t) => t.textContent);
    if (lines.join(' ').replace(/ /g, '') !== title.replace(/ /g, '')) badWraps.push(`${JSON.stringify(lines)} is not all of "${title}"`);
    let pos = 0;
    lines.forEach((line, i) => {
      if (line.endsWith('…')) badWraps.push(`${JSON.stringify(lines)} cuts "${title}"`);
      pos += line.length;
      if (i + 1 < lines.length) {
        if (title[pos] === ' ') pos += 1;
        else if (!/[-/_.]/.test(title[pos - 1])) badWraps.push(`${JSON.stringify(lines)} breaks "${title}" mid-word`);
      }
    });
    const rect = g.querySelector('rect').getBoundingClientRect();
    for (const t of g.querySelectorAll('text')) {
      const b = t.getBoundingClientRect();
      if (b.left < rect.left + 2 || b.right > rect.right - 2 || b.top < rect.top + 1 || b.bottom > rect.bottom - 1) {
        overflows.push(`"${t.textContent}" (${Math.round(b.width)}×${Math.round(b.height)}) outside its box`);
      }
    }
    const tags = g.querySelectorAll('text.earlier');
    for (const tag of tags) {
      const tb = tag.getBoundingClientRect();
      for (const t of g.querySelectorAll('text:not(.earlier)')) {
        const b = t.getBoundingClientRect();
        if (tb.bottom > b.top && tb.top < b.bottom && tb.left < b.right && tb.right > b.left) overflows.push(`the tag "${tag.textContent}" covers "${t.textContent}"`);
      }
    }
  }
  for (const t of svg.querySelectorAll('text.week-label')) {
    const b = t.getBBox();
    if (t.textContent.includes('…')) badWraps.push(`week title "${t.textContent}" is cut`);
    const x0 = Math.min(...[...svg.querySelectorAll('g.node rect')].map((r) => r.getBBox().x));
    if (b.x + b.width > x0 - 4) overflows.push(`week title "${t.textContent}" runs into the tasks`);
  }
  return {
    edges: svg.querySelectorAll('path.edge').length,
    crossings,
    badWraps,
    overflows,
    minGap,
    bands: svg.querySelectorAll('.band').length,
    stretch: svg.querySelectorAll('g.node.stretch').length,
    width: svg.getBoundingClientRect().width,
    box: svg.parentElement.clientWidth,
  };
}

describe('charts cover what they draw', { skip: OTHER }, () => {
  it("the cohort burn-up's week ticks run as far as the slowest plan", async () => {
    await withPage(PATHS.dashboard, {}, async (page, url) => {
      const r = await page.evaluate(() => {
        const svg = [...document.querySelectorAll('svg.burnup')].find((s) => s.getBoundingClientRect().width > 0);
        const xs = (d) => [...d.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
        const planned = xs(svg.querySelector('path.line.planned').getAttribute('d'));
        const ticks = [...svg.querySelector('path.tick').getAttribute('d').matchAll(/M([\d.]+) /g)].map((m) => Number(m[1]));
        const labels = [...svg.querySelectorAll('g.axis[text-anchor="middle"] text')].map((t) => Number(t.getAttribute('x')));
        return { planEnd: Math.max(...planned), planStart: Math.min(...planned), ticks, lastLabel: Math.max(...labels) };
      });
      const spacing = r.ticks.length > 1 ? r.ticks[1] - r.ticks[0] : Infinity;
      assert.ok(
        r.planEnd - r.lastLabel <= spacing * 1.01,
        `${url}: the last labelled week tick is at x=${r.lastLabel}, the plan runs to x=${r.planEnd} (ticks ${spacing.toFixed(1)} apart)`,
      );
    });
  });

  it('skipped tasks without a date are no jump at today', async () => {
    await withPage('learners/new-one/index.html', { srv: youngServer }, async (page, url) => {
      const ys = await page.evaluate(() => {
        const svg = [...document.querySelectorAll('svg.burnup')].find((s) => s.getBoundingClientRect().width > 0);
        return [...svg.querySelector('path.line.actual').getAttribute('d').matchAll(/,([\d.]+)/g)].map((m) => Number(m[1]));
      });
      // The learner finished nothing on the day the site is built.
      assert.equal(ys.at(-1), ys.at(-2), `${url}: the actual line jumps on its last day (${ys.slice(-3)})`);
    });
  });
});

describe('text wraps where a reader expects', { skip: OTHER }, () => {
  it('dates never wrap at their hyphens', async () => {
    for (const kind of ['dashboard', 'learner', 'week', 'reviews']) {
      await withPage(PATHS[kind], { width: 320 }, async (page, url) => {
        const bad = await page.evaluate(() =>
          [...document.querySelectorAll('time')]
            .filter((t) => t.getClientRects().length > 1 || getComputedStyle(t).whiteSpace !== 'nowrap')
            .map((t) => t.textContent),
        );
        assert.deepEqual(bad, [], `${url}: dates that may wrap`);
      });
    }
  });

  // Regression: `overflow-wrap: anywhere` on the body let a table's columns
  // shrink below a word, so the queue table's headings read "막 / 힘" and
  // "뒤처 / 짐" at 390 px.
  it('table headings and cells keep their words whole on a phone', async () => {
    const pages = [
      ['reviews/index.html', youngServer],
      [PATHS.reviews, server],
      [PATHS.dashboard, server],
      [PATHS.week, server],
    ];
    for (const [path, srv] of pages) {
      await withPage(path, { viewport: 'phone', srv }, async (page, url) => {
        const bad = await page.evaluate(() => {
          const out = [];
          for (const cell of document.querySelectorAll('table th, table td')) {
            if (cell.getBoundingClientRect().width === 0) continue;
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              for (const m of node.textContent.matchAll(/\S+/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                if (range.getBoundingClientRect().width > cell.clientWidth) continue;
                // Where a new line starts inside the word: fine after a
                // hyphen or a slash, not between two letters or digits.
                let top = null;
                for (let i = 0; i < m[0].length; i++) {
                  range.setStart(node, m.index + i);
                  range.setEnd(node, m.index + i + 1);
                  const r = range.getClientRects()[0];
                  if (!r) continue;
                  const word = m[0];
                  if (top !== null && r.top > top + 2 && /[\p{L}\p{N}]/u.test(word[i - 1]) && /[\p{L}\p{N}]/u.test(word[i]))
                    out.push(`"${word}" broken at "${word.slice(0, i)}|" in "${cell.textContent.trim()}"`);
                  top = r.top;
                }
              }
            }
          }
          return out;
        });
        assert.deepEqual(bad.slice(0, 10), [], `${url}: words broken inside a table cell`);
      });
    }
  });

  it('inline code breaks between words, not inside one', async () => {
    for (const week of ['terraform-vpc', 'docker', 'ci-cd']) {
      await withPage(`weeks/${week}/index.html`, { viewport: 'phone' }, async (page, url) => {
        const bad = await page.evaluate(() => {
          const out = [];
          for (const code of document.querySelectorAll('code')) {
            if (code.closest('pre')) continue;
            if (getComputedStyle(code).wordBreak === 'break-all') out.push(`word-break: break-all on ${code.textContent}`);
            const node = code.firstChild;
            if (!node || node.nodeType !== 3 || code.getClientRects().length < 2) continue;
            const text = node.textContent;
            const range = document.createRange();
            let top = null;
            for (let i = 0; i < text.length; i++) {
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const r = range.getClientRects()[0];
              if (!r) continue;
              if (top !== null && r.top > top + 2) {
                // A new line starts at i: fine next to a space or punctuation,
                // or inside a word wider than the whole line.
                const word = text.slice(0, i).split(/[\s]/).pop() + text.slice(i).split(/[\s]/)[0];
                const lineWidth = code.parentElement.getBoundingClientRect().width;
                const wordRange = document.createRange();
                wordRange.setStart(node, i - (text.slice(0, i).split(/[\s]/).pop().length));
                wordRange.setEnd(node, i + text.slice(i).split(/[\s]/)[0].length);
                // (with the code's own padding, which the text's boxes leave out)
                const wide = [...wordRange.getClientRects()].reduce((a, b) => a + b.width, 0) + 16 > lineWidth;
                if (/[\p{L}\p{N}]/u.test(text[i - 1]) && /[\p{L}\p{N}]/u.test(text[i]) && !wide) out.push(`"${word}" broken at "${text.slice(0, i)}|"`);
              }
              top = r.top;
            }
          }
          return out;
        });
        assert.deepEqual(bad.slice(0, 10), [], `${url}: inline code broken mid-word`);
      });
    }
  });

  it('hours come with their unit, and "behind" is said once', async () => {
    await withPage(PATHS.learner, {}, async (page, url) => {
      const hours = await page.evaluate(() => {
        const dt = [...document.querySelectorAll('.counts dt')].find((d) => /기록한 시간|hours logged/i.test(d.textContent));
        return dt.nextElementSibling.textContent.trim();
      });
      assert.match(hours, /^\d+(\.\d+)?\s*(시간|h|hours)$/, `${url}: hours logged read "${hours}"`);
    });
    // Whoever is behind in the example (the dashboard lists them all; a
    // learner's own page says it of them alone), "behind" is said once.
    let pills = 0;
    for (const path of [PATHS.dashboard, PATHS.part_time]) {
      await withPage(path, {}, async (page, url) => {
        const said = await page.evaluate(() =>
          [...document.querySelectorAll('.pill.s-behind')].map((p) => `${p.textContent} ${p.nextElementSibling?.textContent ?? ''}`.trim()),
        );
        pills += said.length;
        for (const s of said) {
          const words = s.split(/\s+/);
          assert.equal(new Set(words).size, words.length, `${url}: "${s}" repeats a word`);
        }
      });
    }
    assert.ok(pills > 0, 'someone is behind in the example');
  });
});

describe('first screens and tables that fit', { skip: OTHER }, () => {
  it("a week's tasks are reachable from the first screen, on a phone and a desktop", async () => {
    for (const week of ['terraform-vpc', 'monitoring', 'service-mesh']) {
      for (const viewport of ['phone', 'desktop']) {
        await withPage(`weeks/${week}/index.html`, { viewport }, async (page, url) => {
          const index = await page.evaluate(() => {
            const links = [...document.querySelectorAll('.task-index a[href^="#task-"]')];
            return {
              links: links.length,
              cards: document.querySelectorAll('article.task').length,
              missing: links.filter((a) => !document.getElementById(a.hash.slice(1))).map((a) => a.hash),
              first: links.length ? Math.round(links[0].getBoundingClientRect().top + scrollY) : null,
            };
          });
          assert.ok(index.links > 0 && index.links === index.cards, `${url}: ${index.links} links for ${index.cards} tasks`);
          assert.deepEqual(index.missing, [], `${url}: links to no task`);
          const height = page.viewportSize().height;
          assert.ok(index.first !== null && index.first < height - 40, `${url}: the first task link at y=${index.first} of ${height}`);
          // A tap on the last one brings its card into view.
          await page.locator('.task-index a').last().click();
          const seen = await page.evaluate(() => {
            const r = document.getElementById(location.hash.slice(1)).getBoundingClientRect();
            return r.top >= -1 && r.top < innerHeight;
          });
          assert.ok(seen, `${url}: the last task's card is not in view after its link`);
        });
      }
    }
  });

  // Regression: from the phone's cards (704 px) to about 820 px the learners'
  // table was wider than its box (the name and the bar had 9rem floors, the
  // cells 0.9rem gutters, the stale pill did not wrap) and scrolled sideways.
  it('the dashboard table fits its box at every width above the phone layout', async () => {
    for (const path of [PATHS.dashboard]) {
      await withPage(path, {}, async (page, url) => {
        const wide = [];
        for (let width = 705; width <= 1100; width += 5) {
          await page.setViewportSize({ width, height: 900 });
          const r = await page.evaluate(() => {
            const wrap = document.querySelector('.table-wrap');
            return { scroll: wrap.scrollWidth, box: wrap.clientWidth };
          });
          if (r.scroll > r.box + 1) wide.push(`${width}px: ${r.scroll} in ${r.box}`);
        }
        assert.deepEqual(wide, [], `${url}: the table scrolls sideways`);
      });
    }
  });
});
