// The letter to primary care: a nurse opens an episode's letter in Arabic (right-to-left,
// whatever the page's language), prints it (only the letter on paper), records it as sent, and finds the date
// on the episode. Every page is scanned with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const NURSE = 'nurse.gla@demo.liaison.test';
const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

test('a nurse prints the letter in Arabic and records it as sent', T, async () => {
  await flow('letter', async (page) => {
    await signIn(page, NURSE);
    const day = new Date(Date.now() - 40 * 86400000).toISOString().slice(0, 10);
    await go(page, '/fls/GB-GLA/episodes/new');
    await page.locator('#f-patient_ref').fill('E2E-LETTER');
    await page.locator('#f-fracture_date').fill(day);
    await page.locator('#f-sex').selectOption('F');
    await page.locator('#f-birth_date').fill('1946-07-21');
    await page.locator('#f-fracture_site').selectOption('hip');
    await page.locator('#f-setting').selectOption('inpatient');
    await submit(page, page.locator('main form button[type=submit]'));
    const episode = new URL(page.url()).pathname;
    assert.match(episode, /^\/fls\/GB-GLA\/episodes\/\d+$/, `registered (at ${page.url()})`);
    assert.equal(await page.locator('#f-primary_care_letter_date').inputValue(), '');

    await page.locator('#letter-open select[name=lang]').selectOption('ar');
    await submit(page, page.locator('#letter-open button[type=submit]'));
    assert.equal(new URL(page.url()).pathname, `${episode}/letter`);
    const letter = page.locator('article.letter');
    assert.equal(await letter.getAttribute('lang'), 'ar');
    assert.equal(await letter.getAttribute('dir'), 'rtl');
    assert.equal(await letter.evaluate((e) => getComputedStyle(e).direction), 'rtl');
    assert.match(await letter.innerText(), /خدمة متابعة الكسور/);
    await accessible(page, 'the letter in Arabic');
    await shot(page, '70-letter-ar');

    // On paper: the letter alone, no navigation, no forms.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.top').isVisible(), false, 'no navigation printed');
    assert.equal(await page.locator('#letter-record').isVisible(), false, 'no form printed');
    assert.equal(await letter.isVisible(), true);
    await shot(page, '71-letter-ar-print');
    await page.emulateMedia({ media: 'screen' });

    await submit(page, page.locator('#letter-record button[type=submit]'));
    assert.match(page.url(), /notice=letter-recorded/);
    await page.locator('.notice[role=status]').waitFor();
    assert.equal(await page.locator('#letter-record').count(), 0, 'nothing left to record');
    assert.equal(await page.locator('article.letter').getAttribute('dir'), 'rtl');
    await accessible(page, 'the letter recorded as sent');

    await go(page, episode);
    const sent = await page.locator('#f-primary_care_letter_date').inputValue();
    assert.match(sent, /^\d{4}-\d{2}-\d{2}$/, `the episode shows the letter's date: ${sent}`);
    await accessible(page, 'episode with the letter date');
  });
});
