// Valid output, no browser needed: every HTML page passes html-validate, the
// feed is Atom (RFC 4287), the sitemap is a sitemap, every SVG is well-formed
// XML, and progress.json matches src/model/schemas/progress.schema.json.
// Both views are checked: the public build and `--full`.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { HERE, REPO, build, copyProject, removeDir } from './lib/site.mjs';

const ATOM = 'http://www.w3.org/2005/Atom';
const SITEMAP = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

let project;
const sites = {}; // view -> folder

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function baseUrl() {
  const m = readFileSync(join(project, 'roadmap', 'cohort.yaml'), 'utf8').match(/^base_url:\s*["']?([^"'\s#]+)/m);
  return m ? (m[1].endsWith('/') ? m[1] : m[1] + '/') : null;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['entry', 'link', 'url', 'author'].includes(name) });
const text = (v) => (typeof v === 'object' && v !== null ? v['#text'] : v);

function wellFormed(source, what) {
  const r = XMLValidator.validate(source, { allowBooleanAttributes: false });
  assert.equal(r, true, `${what} is not well-formed XML: ${r?.err?.msg} at line ${r?.err?.line}, col ${r?.err?.col}`);
}

before(() => {
  project = copyProject();
  sites.public = build(project);
  sites.full = build(project, { full: true });
});

after(() => {
  for (const dir of Object.values(sites)) removeDir(dir);
  removeDir(project);
});

for (const view of ['public', 'full']) {
  describe(`${view} build`, () => {
    it('every HTML page passes html-validate', async () => {
      const loader = new FileSystemConfigLoader();
      const validator = new HtmlValidate(loader);
      const files = walk(sites[view]).filter((f) => f.endsWith('.html'));
      assert.ok(files.length >= 6, `expected the page kinds, found ${files.length} pages`);
      const problems = [];
      for (const file of files) {
        // The config lives in tests/browser/.htmlvalidate.json; resolve it from here, not from the temp folder.
        const config = await validator.getConfigFor(join(HERE, 'page.html'));
        const report = await validator.validateString(readFileSync(file, 'utf8'), relative(sites[view], file), config.getConfigData());
        for (const r of report.results) {
          for (const m of r.messages) problems.push(`${r.filePath}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
        }
      }
      assert.deepEqual(problems, [], `html-validate found ${problems.length} problems`);
    });

    it('feed.xml is an Atom feed (RFC 4287)', () => {
      const src = readFileSync(join(sites[view], 'feed.xml'), 'utf8');
      wellFormed(src, 'feed.xml');
      const { feed } = xml.parse(src);
      assert.ok(feed, 'the root element is <feed>');
      assert.equal(feed['@xmlns'], ATOM, 'the feed is in the Atom namespace');
      for (const el of ['id', 'title', 'updated']) assert.ok(text(feed[el])?.toString().trim(), `feed has <${el}>`);
      assert.match(text(feed.updated), RFC3339, 'feed <updated> is an RFC 3339 date-time');
      assert.doesNotThrow(() => new URL(text(feed.id)), 'feed <id> is an IRI');
      const entries = feed.entry ?? [];
      const feedAuthor = (feed.author ?? []).some((a) => text(a.name)?.toString().trim());
      assert.ok(
        feedAuthor || (entries.length > 0 && entries.every((e) => (e.author ?? []).some((a) => text(a.name)))),
        'the feed, or every entry, has an <author> with a <name>',
      );
      assert.ok(
        (feed.link ?? []).some((l) => l['@rel'] === 'self' && l['@href']),
        'the feed has <link rel="self">',
      );
      const ids = new Set();
      let previous = null;
      for (const [i, e] of entries.entries()) {
        for (const el of ['id', 'title', 'updated']) assert.ok(text(e[el])?.toString().trim(), `entry ${i + 1} has <${el}>`);
        assert.match(text(e.updated), RFC3339, `entry ${i + 1} <updated> is RFC 3339`);
        assert.ok(
          (e.link ?? []).some((l) => l['@href'] && (!l['@rel'] || l['@rel'] === 'alternate')),
          `entry ${i + 1} has an alternate <link href>`,
        );
        assert.ok(!ids.has(text(e.id)), `entry ids are unique (${text(e.id)})`);
        ids.add(text(e.id));
        if (e.content) assert.ok(['text', 'html', 'xhtml', undefined].includes(e.content['@type']), 'content type');
        const t = Date.parse(text(e.updated));
        if (previous !== null) assert.ok(t <= previous, `entries are newest first (entry ${i + 1})`);
        previous = t;
      }
      if (view === 'public') assert.ok(!src.includes('choi-private'), 'the public feed leaves the private learner out');
    });

    it('sitemap.xml is a sitemap of pages that exist', () => {
      const src = readFileSync(join(sites[view], 'sitemap.xml'), 'utf8');
      wellFormed(src, 'sitemap.xml');
      const { urlset } = xml.parse(src);
      assert.ok(urlset, 'the root element is <urlset>');
      assert.equal(urlset['@xmlns'], SITEMAP, 'the sitemap namespace');
      const urls = urlset.url ?? [];
      assert.ok(urls.length > 0, 'the sitemap lists pages');
      const base = baseUrl();
      for (const u of urls) {
        const loc = text(u.loc);
        assert.ok(loc, 'every <url> has a <loc>');
        const parsed = new URL(loc);
        assert.match(parsed.protocol, /^https?:$/, `${loc} is http(s)`);
        if (u.lastmod) assert.match(text(u.lastmod), /^\d{4}-\d{2}-\d{2}/, `${loc} lastmod is W3C datetime`);
        if (base) {
          assert.ok(loc.startsWith(base), `${loc} is under base_url ${base}`);
          let rel = decodeURIComponent(loc.slice(base.length));
          if (rel === '' || rel.endsWith('/')) rel += 'index.html';
          assert.ok(existsSync(join(sites[view], rel)), `${loc} points at a page that was built (${rel})`);
        }
      }
      assert.ok(!urls.some((u) => /404\.html$/.test(text(u.loc))), 'the 404 page is not in the sitemap');
      if (view === 'public') assert.ok(!src.includes('choi-private'), 'the public sitemap leaves the private learner out');
    });

    it('every SVG, standalone or inline, is well-formed XML', () => {
      const files = walk(sites[view]);
      const svgs = files.filter((f) => f.endsWith('.svg'));
      assert.ok(svgs.length > 0, 'badges exist');
      for (const f of svgs) {
        const src = readFileSync(f, 'utf8');
        wellFormed(src, relative(sites[view], f));
        const root = xml.parse(src).svg;
        assert.ok(root, `${relative(sites[view], f)}: root is <svg>`);
        assert.equal(root['@xmlns'], 'http://www.w3.org/2000/svg', `${relative(sites[view], f)}: SVG namespace`);
        assert.ok(root.title || root['@aria-label'], `${relative(sites[view], f)}: has a text alternative`);
      }
      let inline = 0;
      for (const f of files.filter((p) => p.endsWith('.html'))) {
        for (const m of readFileSync(f, 'utf8').matchAll(/<svg\b[\s\S]*?<\/svg>/g)) {
          inline++;
          wellFormed(m[0], `an inline SVG in ${relative(sites[view], f)} (${m[0].slice(0, 60)}…)`);
          const open = m[0].slice(0, m[0].indexOf('>') + 1);
          // Charts carry a text alternative: a role with aria-label(ledby), or are hidden as decoration.
          assert.match(open, /aria-label(ledby)?=|aria-hidden="true"/, `inline SVG in ${relative(sites[view], f)} has a text alternative: ${open}`);
        }
      }
      assert.ok(inline > 0, 'pages carry inline charts');
    });

    it('progress.json matches the published JSON Schema', () => {
      const schema = JSON.parse(readFileSync(join(REPO, 'src', 'model', 'schemas', 'progress.schema.json'), 'utf8'));
      const ajv = new Ajv2020({ allErrors: true, strict: true });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      const data = JSON.parse(readFileSync(join(sites[view], 'progress.json'), 'utf8'));
      const ok = validate(data);
      assert.ok(ok, `progress.json does not match the schema:\n${ajv.errorsText(validate.errors, { separator: '\n' })}`);
      assert.ok(data.learners.length > 0, 'the example cohort has learners');
      for (const l of data.learners) {
        // total, done and skipped count core tasks; stretch tasks are counted apart.
        assert.equal(Object.keys(l.tasks).length, l.total + l.stretch_total, `${l.id}: one status per roadmap task`);
        assert.equal(Object.values(l.tasks).filter((s) => s === 'done').length, l.done + l.stretch_done, `${l.id}: done agrees with tasks`);
        assert.ok(Object.values(l.tasks).filter((s) => s === 'skipped').length >= l.skipped, `${l.id}: skipped agrees with tasks`);
      }
      const ids = data.learners.map((l) => l.id);
      assert.equal(ids.includes('choi-private'), view === 'full', `the private learner is in progress.json only in the full view`);
    });
  });
}
