// Issue 19 in a real browser, each page scanned with axe-core: a visitor reads the public
// statistics without signing in (in English, then in Arabic, right to left), and a reviewer
// opens the outlier report and finds services named outside the limits.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const REVIEWER = 'reviewer@demo.liaison.test';
const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

test('a visitor reads the public statistics, also in Arabic', T, async () => {
  await flow('statistics', async (page) => {
    await go(page, '/');
    // The public header links to the statistics beside the map.
    await submit(page, page.locator('header nav a[href="/statistics"]'));
    assert.equal(new URL(page.url()).pathname, '/statistics');
    await page.locator('#area-world').waitFor();
    const published = (await page.locator('tr.service th').allInnerTexts()).sort();
    assert.deepEqual(published, ['Glasgow FLS', 'Unidad de Fractura Madrid', '東京骨折リエゾン']);
    // Counts as the public may see them: none from 1 to 7.
    for (const c of await page.locator('.counts').allInnerTexts()) {
      for (const n of c.split('/').map((x) => x.trim().replaceAll(',', ''))) {
        const v = Number(n);
        assert.ok(Number.isNaN(v) || v === 0 || v >= 8, `a count of ${n} is shown`);
      }
    }
    await accessible(page, 'public statistics');
    await shot(page, '70-statistics');
    await page.locator('#lang-select').selectOption('ar');
    await submit(page, page.locator('form.lang button[type=submit]'));
    await page.waitForSelector('html[lang="ar"]', { state: 'attached' });
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(new URL(page.url()).pathname, '/statistics');
    await page.locator('#area-world').waitFor();
    await accessible(page, 'public statistics in Arabic');
    await shot(page, '71-statistics-ar');
  });
});

test('a reviewer opens the outlier report', T, async () => {
  await flow('outliers', async (page) => {
    await signIn(page, REVIEWER);
    await go(page, '/kpis');
    await submit(page, page.locator('#outliers-link'));
    assert.equal(new URL(page.url()).pathname, '/kpis/outliers');
    const rows = await page.locator('tr.outlier-row').count();
    assert.ok(rows > 0, 'the demo has services outside the limits');
    // Named: a reviewer sees every service's figures.
    const first = await page.locator('tr.outlier-row th a').first().innerText();
    assert.ok(first.length > 0 && first !== 'Your service', `named: ${first}`);
    await accessible(page, 'outlier report');
    await shot(page, '72-outliers');
  });
});
