// End-to-end browser test of Liaison: sign in, switch the interface to Arabic
// (right-to-left), sign out; and a failed sign-in.
//
// Needs a running server whose base URL is in LIAISON_E2E_URL (e2e/run.sh starts
// one with the demo data) and Chromium at /usr/bin/chromium.
// Screenshots are written to e2e/artifacts/NN-name.png.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.LIAISON_E2E_URL ?? '').replace(/\/+$/, '');
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const CHROMIUM = process.env.LIAISON_E2E_CHROMIUM ?? '/usr/bin/chromium';

const CLINICIAN = 'nurse.gla@demo.liaison.test';
const DEMO_PASSWORD = 'liaison-demo-2026';

const ACTION_TIMEOUT_MS = 15_000;
const TEST_TIMEOUT_MS = 90_000;

let browser;

before(async () => {
  assert.ok(BASE_URL, 'LIAISON_E2E_URL must hold the base URL of a running Liaison server (see e2e/run.sh)');
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** A fresh browser context (own cookies) with one page, watching for failed sub-resources. */
async function freshPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const failedResources = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.resourceType() !== 'document' && response.status() >= 400) {
      failedResources.push(`${response.status()} ${request.method()} ${response.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    failedResources.push(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
  });
  return { context, page, failedResources };
}

async function shot(page, name) {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** Clicks a submit button and waits for the resulting page (after any redirect) to load. */
async function submit(page, button) {
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

function pathOf(page) {
  return new URL(page.url()).pathname;
}

/** Runs a test body; on failure keeps a screenshot of where the page was. */
async function withPage(name, body) {
  const { context, page, failedResources } = await freshPage();
  try {
    await body(page);
    assert.deepEqual(failedResources, [], 'no stylesheet or other sub-resource failed to load');
  } catch (error) {
    await shot(page, `failure-${name}`).catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

test('a clinician signs in, switches to Arabic (right-to-left) and signs out', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withPage('sign-in-flow', async (page) => {
    // The sign-in page.
    const response = await page.goto(`${BASE_URL}/sign-in`);
    assert.equal(response?.status(), 200, 'GET /sign-in answers 200');
    const email = page.locator('#f-email');
    const password = page.locator('#f-password');
    await email.waitFor({ state: 'visible' });
    await password.waitFor({ state: 'visible' });
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
    await shot(page, '01-sign-in');

    // Sign in as the FLS clinician.
    await email.fill(CLINICIAN);
    await password.fill(DEMO_PASSWORD);
    const signInForm = page.locator('form').filter({ has: page.locator('#f-password') });
    await submit(page, signInForm.locator('button[type=submit]'));

    // The home page, signed in.
    assert.equal(pathOf(page), '/', `after signing in we are on the home page (at ${page.url()})`);
    await page.locator('main h1').waitFor({ state: 'visible' });
    await page.locator('main').getByText(CLINICIAN, { exact: true }).waitFor({ state: 'visible' });
    const signOut = page.locator('form[action="/sign-out"] button');
    await signOut.waitFor({ state: 'visible' });
    assert.equal(await page.locator('#f-password').count(), 0, 'no sign-in form on the home page');
    await shot(page, '02-home');

    // Choose Arabic in the header's language form.
    await page.locator('#lang-select').selectOption('ar');
    await submit(page, page.locator('form.lang button[type=submit]'));
    await page.waitForSelector('html[dir="rtl"]', { state: 'attached' });
    await page.waitForSelector('html[lang="ar"]', { state: 'attached' });
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.inputValue('#lang-select'), 'ar', 'the language select now shows Arabic');
    assert.equal(pathOf(page), '/', `the language form brings us back to the page we were on (at ${page.url()})`);
    const headerDirection = await page.locator('header').first()
      .evaluate((header) => getComputedStyle(header).direction);
    assert.equal(headerDirection, 'rtl', "the header's computed direction is rtl");
    await shot(page, '03-home-arabic');

    // Sign out.
    await submit(page, page.locator('form[action="/sign-out"] button'));
    assert.equal(pathOf(page), '/sign-in', `after signing out we are on the sign-in page (at ${page.url()})`);
    await page.locator('#f-email').waitFor({ state: 'visible' });
    assert.equal(await page.locator('form[action="/sign-out"]').count(), 0, 'no sign-out form once signed out');
    await shot(page, '04-signed-out');

    // Signed out for real: the home page no longer shows us signed in.
    await page.goto(`${BASE_URL}/`);
    assert.equal(await page.locator('form[action="/sign-out"]').count(), 0, 'the home page does not show us signed in');
  });
});

test('a wrong password keeps the user on the sign-in page with an error', { timeout: TEST_TIMEOUT_MS }, async () => {
  await withPage('wrong-password', async (page) => {
    await page.goto(`${BASE_URL}/sign-in`);
    await page.locator('#f-email').fill(CLINICIAN);
    await page.locator('#f-password').fill('not-the-password-2026');
    const signInForm = page.locator('form').filter({ has: page.locator('#f-password') });
    await submit(page, signInForm.locator('button[type=submit]'));

    assert.equal(pathOf(page), '/sign-in', `a wrong password keeps us on /sign-in (at ${page.url()})`);
    const errors = page.locator('.errors[role=alert]');
    await errors.first().waitFor({ state: 'visible' });
    assert.ok((await errors.first().innerText()).trim().length > 0, 'the error message is not empty');
    await page.locator('#f-password').waitFor({ state: 'visible' });
    assert.equal(await page.locator('form[action="/sign-out"]').count(), 0, 'not signed in');
    await shot(page, '05-wrong-password');
  });
});
