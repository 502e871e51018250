// A known patient's new fracture (issue 15): register a second fracture, accept the offer to
// record it as the earlier episode's refracture, and find the patient on the sixth worklist.
// Every page is scanned with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const NURSE = 'nurse.gla@demo.liaison.test';
const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

async function register(page, date, site, known) {
  await go(page, '/fls/GB-GLA/episodes/new');
  await page.locator('#f-patient_ref').fill('E2E-KNOWN');
  await page.locator('#f-fracture_date').fill(date);
  await page.locator('#f-sex').selectOption('F');
  await page.locator('#f-birth_date').fill('1949-02-03');
  await page.locator('#f-fracture_site').selectOption(site);
  await page.locator('#f-setting').selectOption('outpatient');
  await submit(page, page.locator('main form button[type=submit]'));
  if (known) {
    // The same hospital number is a likely duplicate: keep it on purpose.
    await accessible(page, 'likely duplicates');
    await page.locator('input[name=confirm_duplicate]').check();
    await submit(page, page.locator('main form button[type=submit]'));
  }
  const path = new URL(page.url()).pathname;
  assert.match(path, /^\/fls\/GB-GLA\/episodes\/\d+$/, `registered (at ${page.url()})`);
  return path;
}

test("a known patient's new fracture is offered as the refracture and listed for review", T, async () => {
  await flow('timeline', async (page) => {
    await signIn(page, NURSE);
    const today = new Date();
    const day = (n) => new Date(today.getTime() - n * 86400000).toISOString().slice(0, 10);
    const first = await register(page, day(200), 'wrist', false);
    const second = await register(page, day(10), 'hip', true);
    await page.locator('#refracture-offer').waitFor();
    const rows = await page.locator('table.timeline tbody tr').allInnerTexts();
    assert.equal(rows.length, 2, `the timeline lists both fractures: ${rows}`);
    await accessible(page, 'episode with the timeline and the offer');
    await shot(page, '60-timeline');
    await submit(page, page.locator('#refracture-offer button[type=submit]'));
    assert.equal(new URL(page.url()).pathname, first);
    await page.locator('.notice[role=status]').waitFor();
    assert.equal(await page.locator('#f-refracture_date').inputValue(), day(10));
    await accessible(page, 'earlier episode with its refracture');
    await go(page, second);
    assert.equal(await page.locator('#refracture-offer').count(), 0, 'the offer is gone once taken');
    await go(page, '/fls/GB-GLA/worklists/new-fracture-known-patient');
    const listed = await page.locator('main table tbody tr').allInnerTexts();
    assert.ok(listed.some((r) => r.includes('E2E-KNOWN')), `on the sixth worklist: ${listed}`);
    await accessible(page, 'new fracture of a known patient');
  });
});
