// Shared helpers: where things are, building the example cohort, and serving it
// (with the real `waymark serve` when it exists, else a static server that
// behaves like GitHub Pages over `waymark build --full` output).

import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

export const HERE = dirname(dirname(fileURLToPath(import.meta.url)));
export const REPO = resolve(HERE, '..', '..');
export const BIN = process.env.WAYMARK_BIN ? resolve(process.env.WAYMARK_BIN) : join(REPO, 'target', 'release', 'waymark');
export const TODAY = '2026-11-22';
/** The waymark project under test (copied before use): the repo's own example cohort by default. */
export const PROJECT = process.env.WAYMARK_PROJECT ? resolve(process.env.WAYMARK_PROJECT) : REPO;
export const SCREENSHOTS = process.env.WAYMARK_SCREENSHOTS
  ? resolve(process.env.WAYMARK_SCREENSHOTS)
  : join(HERE, 'screenshots');

export function requireBinary() {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} does not exist: run \`cargo build --release\` first (or set WAYMARK_BIN)`);
  }
}

/** A scratch copy of the example cohort project (never touch the repo's own files). */
export function copyProject() {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-browser-'));
  for (const part of ['roadmap', 'themes']) {
    if (existsSync(join(PROJECT, part))) cpSync(join(PROJECT, part), join(dir, part), { recursive: true });
  }
  return dir;
}

export function removeDir(dir) {
  if (dir && dir.startsWith(tmpdir() + sep)) rmSync(dir, { recursive: true, force: true });
}

/** `waymark build` into a fresh temp folder; returns the folder. */
export function build(root, { full = false } = {}) {
  requireBinary();
  const out = mkdtempSync(join(tmpdir(), 'waymark-site-'));
  const args = ['--root', root, '--today', TODAY, '--color', 'never', 'build', '--out', out];
  if (full) args.push('--full');
  const r = spawnSync(BIN, args, { encoding: 'utf8' });
  if (r.status !== 0 || /panicked at/.test(r.stderr)) {
    throw new Error(`waymark ${args.join(' ')} exited ${r.status} (signal ${r.signal})\n${r.stdout}\n${r.stderr}`);
  }
  return out;
}

/** The site's base path from cohort.yaml's base_url (what 404.html's links use). */
export function basePath(root) {
  const text = readFileSync(join(root, 'roadmap', 'cohort.yaml'), 'utf8');
  const m = text.match(/^base_url:\s*["']?([^"'\s#]+)/m);
  if (!m) return '/';
  try {
    const p = new URL(m[1]).pathname;
    return p.endsWith('/') ? p : p + '/';
  } catch {
    return '/';
  }
}

/**
 * Start `waymark serve --port 0` on `root`. Resolves to { url, proc, output(), stop() }
 * or null when the binary says serve is not implemented.
 */
export async function startServe(root, { extraArgs = [], timeoutMs = 60_000 } = {}) {
  requireBinary();
  const args = ['--root', root, '--today', TODAY, '--color', 'never', 'serve', '--port', '0', ...extraArgs];
  const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`)), timeoutMs);
    const check = () => {
      const m = out.match(/Serving (http:\/\/\S+?)\/?\s/);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1].replace(/\/$/, '') + '/');
      }
    };
    proc.stdout.on('data', check);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (/not (implemented|available) yet/.test(err)) resolveUrl(null);
      else reject(new Error(`serve exited ${code} (signal ${signal}) before printing its URL\nstdout: ${out}\nstderr: ${err}`));
    });
  });
  if (!url) return null;
  return {
    url,
    proc,
    kind: 'waymark serve',
    output: () => ({ stdout: out, stderr: err }),
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGINT');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await once(proc, 'exit');
        clearTimeout(t);
      }
      // A panic is a failure wherever it shows.
      if (/panicked at/.test(err)) throw new Error(`waymark serve panicked:\n${err}`);
    },
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
};

/**
 * A static server that behaves like GitHub Pages: the site lives under `base`
 * (the path of base_url), `dir/` serves `dir/index.html`, and anything missing
 * gets 404.html with status 404.
 */
export async function startStatic(siteDir, base = '/') {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const send = (status, file) => {
      res.writeHead(status, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(readFileSync(file));
    };
    if (!path.startsWith(base)) return send(404, join(siteDir, '404.html'));
    let file = resolve(siteDir, '.' + sep + path.slice(base.length));
    if (!file.startsWith(siteDir)) return send(404, join(siteDir, '404.html'));
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { location: path + '/' });
        return res.end();
      }
      file = join(file, 'index.html');
    }
    if (!existsSync(file)) return send(404, join(siteDir, '404.html'));
    send(200, file);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${base}`,
    kind: 'static server over `waymark build --full`',
    output: () => ({ stdout: '', stderr: '' }),
    async stop() {
      server.close();
      server.closeAllConnections();
    },
  };
}

/** Poll `fn` until it returns truthy or the time is up. */
export async function waitFor(fn, { timeoutMs = 10_000, intervalMs = 50, what = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}
