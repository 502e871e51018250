// Issue 16 in a real browser, each page scanned with axe-core: a visitor finds the Arabic
// patient leaflet by searching in Arabic (typed without harakat) and downloads its PDF; an
// editor adds a language version to a draft and publishes it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

test('a visitor finds the Arabic patient leaflet by an Arabic search and downloads it', T, async () => {
  await flow('library-search', async (page) => {
    await go(page, '/');
    await submit(page, page.locator('header nav a[href="/resources"]'));
    assert.equal(new URL(page.url()).pathname, '/resources');
    await page.waitForSelector('html[lang="ar"][dir="rtl"]', { state: 'attached' });
    await page.locator('#r-q').fill('كسر الورك');
    await submit(page, page.locator('form.resource-search button[type="submit"]'));
    const results = page.locator('.resources .resource a');
    assert.equal(await results.count(), 1);
    assert.equal(await results.first().innerText(), 'نشرة للمريض: بعد كسر الورك');
    await accessible(page, 'library search in Arabic');
    await shot(page, '90-library-search-ar');
    await submit(page, results.first());
    assert.equal(await page.locator('#resource-title').innerText(), 'نشرة للمريض: بعد كسر الورك');
    await accessible(page, 'Arabic leaflet');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.resource-file a').first().click(),
    ]);
    assert.ok(download.suggestedFilename().endsWith('.pdf'), download.suggestedFilename());
    const pdf = await readFile(await download.path());
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  }, 'ar');
});

test('an editor adds a Spanish version to the draft and publishes it', T, async () => {
  await flow('library-edit', async (page) => {
    await signIn(page, 'editor@demo.liaison.test');
    await go(page, '/resources?q=checklist');
    const draft = page.locator('.resources .resource.draft a');
    assert.equal(await draft.count(), 1);
    await submit(page, draft.first());
    const url = new URL(page.url()).pathname;
    await page.locator('#a-language').selectOption('es');
    await page.locator('#a-title').fill('Getting to Gold: lista de evidencias');
    await page.locator('#a-summary').fill('Las evidencias que pide cada hito.');
    await submit(page, page.locator('form.resource-version-add button[type="submit"]'));
    assert.equal(new URL(page.url()).pathname, url);
    await accessible(page, 'resource editing');
    await shot(page, '91-library-editor');
    await submit(page, page.locator('form.resource-publish button[type="submit"]'));
    assert.equal(await page.locator('form.resource-publish').count(), 0, 'published');
    // A Spanish visitor now finds it and reads the new version.
    const ctx = await page.context().browser().newContext({ locale: 'es' });
    const visitor = await ctx.newPage();
    await go(visitor, url);
    assert.equal(await visitor.locator('#resource-title').innerText(), 'Getting to Gold: lista de evidencias');
    await ctx.close();
  });
});
