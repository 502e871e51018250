// Issue 18's policy tracker in a real browser, each page scanned with axe-core: a visitor opens
// the world map of policy status and a country's page, which shows its published items and not
// its drafts; a national lead records a status item with its source, and one without a source
// is refused.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
const LEAD = 'national.gb@demo.liaison.test';

before(launch);
after(close);

test('a visitor sees the policy map and a country\'s published items only', T, async () => {
  await flow('policy-visitor', async (page) => {
    await go(page, '/');
    await submit(page, page.locator('header nav a[href="/policy"]'));
    assert.equal(new URL(page.url()).pathname, '/policy');
    // The map is drawn on the server; the demo's countries with published items are links.
    await page.locator('svg.policy-map').waitFor();
    assert.equal(await page.locator('svg.policy-map a[data-code="GB"]').count(), 1);
    assert.ok((await page.locator('tr.policy-country').count()) >= 5, 'a row per country');
    await accessible(page, 'policy map');
    await shot(page, '90-policy-map');
    await submit(page, page.locator('tr.policy-country[data-code="GB"] a'));
    assert.equal(new URL(page.url()).pathname, '/policy/GB');
    assert.match(await page.locator('.item-guidelines .state').innerText(), /Yes/);
    // The demo's priority item is an unpublished draft: not shown, nor its source.
    assert.match(await page.locator('.item-priority .state').innerText(), /Not recorded/);
    assert.ok(!(await page.content()).includes('Draft: ministerial statement'));
    assert.equal(await page.locator('#stakeholders-h').count(), 0, 'no working lists');
    await accessible(page, 'policy country');
  });
});

test('a national lead records a status item with its source', T, async () => {
  await flow('policy-lead', async (page) => {
    await signIn(page, LEAD);
    await go(page, '/policy/GB');
    assert.equal(await page.locator('#stakeholders-h').count(), 1);
    await accessible(page, 'policy country, national lead');
    const form = page.locator('form.policy-status');
    await form.locator('#s-item').selectOption('mandated');
    await form.locator('#s-state').selectOption('partial');
    await form.locator('#s-as_of').fill('2025-11-01');
    // Without a source: refused, naming the field and the rule.
    await submit(page, form.locator('button[type=submit]'));
    assert.match(await page.locator('main').innerText(), /cite a source/);
    await go(page, '/policy/GB');
    await form.locator('#s-item').selectOption('mandated');
    await form.locator('#s-state').selectOption('partial');
    await form.locator('#s-as_of').fill('2025-11-01');
    await form.locator('#s-source_text').fill('NHS England service specification for FLS, 2025');
    await form.locator('#s-source_url').fill('https://www.england.nhs.uk/');
    await form.locator('#s-published').check();
    await submit(page, form.locator('button[type=submit]'));
    assert.equal(new URL(page.url()).pathname, '/policy/GB');
    assert.match(await page.locator('.item-mandated .state').innerText(), /Partly/);
    assert.match(await page.locator('.policy-history').innerText(), /NHS England service specification/);
    await shot(page, '91-policy-lead');
  });
});
