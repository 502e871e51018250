// Breakdowns (dataset version 2): an FLS lead chooses "by age band" in the period form of the
// dashboard (a plain GET form), and sees the breakdown as small charts with their data table,
// cells that add up to the figure without breakdown. Every page is scanned with axe-core.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const LEAD = 'lead.gla@demo.liaison.test';
const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

test('an FLS lead breaks the KPIs down by age band on the dashboard', T, async () => {
  await flow('breakdown', async (page) => {
    await signIn(page, LEAD);
    await go(page, '/fls/GB-GLA/kpis');
    await page.locator('#k-by').selectOption('age');
    await submit(page, page.locator('form.kpi-period button[type=submit]'));
    assert.equal(new URL(page.url()).searchParams.get('by'), 'age');
    const section = page.locator('#breakdown');
    await section.waitFor();
    assert.equal(await section.locator('figure svg[role=img] g.panel').count(), 10, 'one small chart per KPI with a proportion');
    const rows = section.locator('table tbody tr');
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.cell));
    assert.deepEqual(cells, ['all', '50-59', '60-69', '70-79', '80-89', '90+']);
    // Inside the lead's own service every cell is exact: they add up to all patients.
    const episodes = (await section.locator('table tbody tr td:nth-of-type(1)').allInnerTexts())
      .map((t) => Number(t.replace(/[^0-9]/g, '')));
    const [all, ...bands] = episodes;
    assert.ok(all > 0, `the demo service has patients: ${episodes}`);
    assert.equal(bands.reduce((a, b) => a + b, 0), all, `cells add up: ${episodes}`);
    assert.equal(await page.locator('#k-by').inputValue(), 'age', 'the form keeps the choice');
    await accessible(page, 'KPI dashboard by age band');
    await shot(page, '70-breakdown-age');
  });
});
