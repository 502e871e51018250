// Issue 18 in a real browser, the page scanned with axe-core: a visitor opens the Partnership's
// objectives in Spanish, without signing in, and downloads the care-gap figures as CSV.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, submit } from './lib.mjs';

const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

test('a visitor opens the objectives in Spanish and downloads the care gap as CSV', T, async () => {
  await flow('objectives', async (page) => {
    await go(page, '/');
    await submit(page, page.locator('header nav a[href="/objectives"]'));
    assert.equal(new URL(page.url()).pathname, '/objectives');
    await page.waitForSelector('html[lang="es"]', { state: 'attached' });
    assert.equal(await page.locator('h1').innerText(), 'Objetivos de la Alianza');
    // The world's row, the charts drawn on the server, the year table beside them.
    await page.locator('#area-global').waitFor();
    assert.ok((await page.locator('svg.chart').count()) >= 3, 'three charts');
    assert.ok((await page.locator('tr.year').count()) >= 8, 'a row per year from 2018');
    // The demo's services started from 2018 to 2025: more are active now than in 2020.
    const active = async (y) => Number(await page.locator(`#year-${y} .active`).innerText());
    assert.ok((await active(2025)) > (await active(2020)), 'the number of services grows');
    await accessible(page, 'objectives in Spanish');
    await shot(page, '80-objectives-es');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#download-care_gap-csv').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'objectives-care_gap.csv');
    const csv = await readFile(await download.path(), 'utf8');
    const [head, ...rows] = csv.trim().split('\n');
    assert.ok(head.startsWith('baseline_year,area,year,care_gap,'), head);
    assert.ok(rows.some((r) => r.startsWith('2020,global,')), 'the world, year by year');
  }, 'es');
});
