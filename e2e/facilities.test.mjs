// Issue 19's facilities audit in a real browser, each page scanned with axe-core: the demo
// lead of Glasgow reopens this year's submitted return, is told in the form what a bad answer
// breaks, fixes it and submits; the return then reads back with the institutional KPIs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const LEAD = 'lead.gla@demo.liaison.test';
const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

test('a lead fills and submits the facilities questionnaire', T, async () => {
  await flow('facilities', async (page) => {
    await signIn(page, LEAD);
    await go(page, '/fls/GB-GLA');
    // The FLS tabs lead to the audit.
    await submit(page, page.locator('nav.tabs a[href="/fls/GB-GLA/facilities"]'));
    assert.equal(new URL(page.url()).pathname, '/fls/GB-GLA/facilities');
    // The demo's return is submitted: it reads back, with a reopen button.
    await page.locator('button[value=reopen]').waitFor();
    await accessible(page, 'facilities return, submitted');
    await submit(page, page.locator('button[value=reopen]'));
    await page.locator('#facilities-form').waitFor();
    await accessible(page, 'facilities form');
    await shot(page, '80-facilities-form');

    // A bad answer is named in the summary and beside the field, and what was typed stays.
    await page.locator('#f-staff_nurse').fill('250');
    await page.locator('#f-dxa_access').selectOption('on_site');
    await page.locator('#f-dxa_wait_weeks').fill('2.5');
    await submit(page, page.locator('button[value=submit]'));
    const errors = await page.locator('.errors li').allInnerTexts();
    assert.equal(errors.length, 2, errors.join(' | '));
    assert.ok(errors.some((e) => e.includes('250') && e.includes('0 to 200')), errors.join(' | '));
    assert.ok(errors.some((e) => e.includes('2.5') && e.includes('whole number')), errors.join(' | '));
    assert.equal(await page.locator('#f-staff_nurse').inputValue(), '250');
    await accessible(page, 'facilities form with errors');

    // Fixed, ticked, submitted.
    await page.locator('#f-staff_nurse').fill('2.5');
    await page.locator('#f-dxa_wait_weeks').fill('6');
    await page.locator('#f-governance_meetings').fill('6');
    await page.locator('input[name="q-secondary_tests"][value="pth"]').check();
    await submit(page, page.locator('button[value=submit]'));
    assert.equal(new URL(page.url()).pathname, '/fls/GB-GLA/facilities');
    await page.locator('.notice[role=status]').waitFor();
    assert.equal(await page.locator('#facilities-form').count(), 0, 'read-only once submitted');
    const answers = await page.locator('dl.answers').allInnerTexts();
    assert.ok(answers.join(' ').includes('Parathyroid hormone'), 'the ticked test is kept');
    // Its institutional KPIs beside the released areas.
    await page.locator('#kpis-h').waitFor();
    const heads = await page.locator('table thead th').allInnerTexts();
    assert.ok(heads.some((h) => h.startsWith('Glasgow FLS')), heads.join(' | '));
    await accessible(page, 'facilities return, resubmitted');
    await shot(page, '81-facilities-submitted');
  });
});
