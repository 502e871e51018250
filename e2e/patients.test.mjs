// Issue 16 in a real browser, each page scanned with axe-core: a visitor reads a patient page in
// Arabic (right to left, its dates, its sources), switches it to another language from the
// page's own list, and the index lists every page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, submit } from './lib.mjs';

const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

test('a visitor reads a patient page in Arabic, right to left, then in French', T, async () => {
  await flow('patients', async (page) => {
    await go(page, '/');
    await submit(page, page.locator('header nav a[href="/patients"]'));
    assert.equal(new URL(page.url()).pathname, '/patients');
    await page.waitForSelector('html[lang="ar"][dir="rtl"]', { state: 'attached' });
    assert.equal(await page.locator('.patient-list li').count(), 5, 'five pages');
    await accessible(page, 'patient information index in Arabic');
    await submit(page, page.locator('.patient-list a[href="/patients/medicines"]'));
    const article = page.locator('article.patient');
    assert.equal(await article.getAttribute('dir'), 'rtl');
    assert.equal(await article.getAttribute('lang'), 'ar');
    assert.equal(await page.locator('h1').innerText(), 'أدوية العظام والمخاوف الشائعة');
    assert.ok((await page.locator('.patient-sources li').count()) >= 2, 'its sources');
    // Arabic dates keep Arabic-Indic digits.
    assert.match(await page.locator('#patient-review-by').innerText(), /[٠-٩]/);
    await accessible(page, 'patient page in Arabic');
    await shot(page, '90-patient-medicines-ar');
    // The page's own language list: French, left to right, the interface still Arabic.
    await submit(page, page.locator('.patient-langs a[hreflang="fr"]'));
    assert.equal(await article.getAttribute('dir'), 'ltr');
    assert.equal(await page.locator('h1').innerText(), 'Les médicaments des os et les inquiétudes fréquentes');
    await page.waitForSelector('html[dir="rtl"]', { state: 'attached' });
    await accessible(page, 'French patient page in the Arabic interface');
  }, 'ar');
});
