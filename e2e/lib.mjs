// Shared by the end-to-end tests: one headless Chromium, a fresh context per flow, sign-in,
// screenshots, and an accessibility scan (axe-core, from the npm registry, never copied into
// the repository) that fails on any critical or serious violation.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.LIAISON_E2E_URL ?? '').replace(/\/+$/, '');
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const CHROMIUM = process.env.LIAISON_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const DEMO_PASSWORD = 'liaison-demo-2026';
export const TEST_TIMEOUT_MS = 120_000;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;

export async function launch() {
  assert.ok(BASE_URL, 'LIAISON_E2E_URL must hold the base URL of a running Liaison server (see e2e/run.sh)');
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function close() {
  await browser?.close();
}

/** A context of its own (cookies), in `lang`, with failed sub-resources collected. */
export async function freshPage(lang = 'en') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  const failed = [];
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  return { context, page, failed };
}

export async function shot(page, name) {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** Clicks a submit button and waits for the page it leads to. */
export async function submit(page, button) {
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

export async function go(page, path) {
  const r = await page.goto(`${BASE_URL}${path}`);
  assert.equal(r?.status(), 200, `GET ${path} answers 200`);
  return r;
}

export async function signIn(page, email) {
  // The sign-in door is rate limited per address (a few seconds): the suite's many sign-ins
  // from one address can meet it, so a refused attempt is retried after the wait.
  for (let attempt = 0; attempt < 3; attempt++) {
    await go(page, '/sign-in');
    await page.locator('#f-email').fill(email);
    await page.locator('#f-password').fill(DEMO_PASSWORD);
    const form = page.locator('form').filter({ has: page.locator('#f-password') });
    const answer = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/sign-in'));
    await submit(page, form.locator('button[type=submit]'));
    if ((await answer).status() !== 429) break;
    await page.waitForTimeout(4000);
  }
  assert.equal(new URL(page.url()).pathname, '/', `${email} is signed in (at ${page.url()})`);
}

/** axe-core on the page as it is: no critical or serious violation. */
export async function accessible(page, label) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(bad, [], `${label}: accessibility violations`);
}

/** Runs one flow in a fresh context; on failure keeps a screenshot of where it was. */
export async function flow(name, body, lang = 'en') {
  const { context, page, failed } = await freshPage(lang);
  try {
    await body(page, context);
    assert.deepEqual(failed, [], 'no sub-resource failed to load');
  } catch (error) {
    await shot(page, `failure-${name}`).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}
