// Debian's Chromium driven by playwright-core (no browser download).

import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
};
export const SCHEMES = ['light', 'dark'];

/** Headless, and nothing that reaches for the network on its own (this machine's network is closed). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium (or set CHROMIUM_PATH)`);
  // Playwright gives every launch a new empty profile (--user-data-dir in a temp folder).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/** Is this request the live-reload channel (never counted as a failure)? */
export function isLiveReload(request) {
  const type = request.resourceType();
  return type === 'eventsource' || type === 'websocket';
}

/**
 * Open `url` in a fresh page and record what went wrong: console errors,
 * uncaught exceptions, failed requests and HTTP errors. `expectStatus` is the
 * status the document itself should have (404 for the not-found page).
 */
export async function openPage(context, url, { expectStatus = 200 } = {}) {
  const page = await context.newPage();
  const problems = [];
  const docUrl = new URL(url).href;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    // The browser asks for /favicon.ico by itself; the site declares no icon (none is needed).
    if (/\/favicon\.ico$/.test(loc.url ?? '')) return;
    // Chromium logs the document's own 404 as a console error; that status is checked below.
    if (expectStatus !== 200 && /status of 404/.test(msg.text()) && (loc.url === docUrl || !loc.url)) return;
    problems.push(`console error: ${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
  page.on('requestfailed', (req) => {
    if (isLiveReload(req)) return;
    problems.push(`request failed: ${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (isLiveReload(res.request())) return;
    if (res.url() === docUrl && res.request().isNavigationRequest()) return;
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
  });
  const res = await page.goto(url, { waitUntil: 'load' });
  if (!res) problems.push(`no response for ${url}`);
  else if (res.status() !== expectStatus) problems.push(`document ${url} answered ${res.status()}, expected ${expectStatus}`);
  return { page, problems, response: res };
}

/**
 * Open `url` in a fresh context of `width`×`height` (a phone, with touch,
 * below 600 px unless `mobile` says otherwise), assert that it loaded with no
 * problem, and give the page to `fn`; the context is closed after.
 */
export async function withPage(browser, url, { width, height, scheme = 'light', mobile = width < 600 }, fn) {
  const context = await browser.newContext({
    viewport: { width, height },
    colorScheme: scheme,
    locale: 'ko-KR',
    deviceScaleFactor: 1,
    isMobile: mobile,
    hasTouch: mobile,
  });
  try {
    const { page, problems } = await openPage(context, url);
    if (problems.length) throw new Error(`${url} had problems:\n${problems.join('\n')}`);
    return await fn(page, url);
  } finally {
    await context.close();
  }
}
