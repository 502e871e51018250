// Issue 12 in a real browser, each page scanned with axe-core: an Arabic clinician types
// Arabic-Indic digits and sees them saved, a lead works in Japanese, and the calculator's
// preset leads to results with the costs it cannot fill asked for. Screenshots go to
// e2e/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const NURSE = 'nurse.gla@demo.liaison.test';
const LEAD = 'lead.gla@demo.liaison.test';
const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

async function switchTo(page, lang) {
  await page.locator('#lang-select').selectOption(lang);
  await submit(page, page.locator('form.lang button[type=submit]'));
  await page.waitForSelector(`html[lang="${lang}"]`, { state: 'attached' });
}

test('an Arabic clinician types Arabic-Indic digits and sees the values saved', T, async () => {
  await flow('arabic-digits', async (page) => {
    await signIn(page, NURSE);
    await switchTo(page, 'ar');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await go(page, '/fls/GB-GLA/episodes/new');
    await accessible(page, 'Arabic register form');
    await page.locator('#f-patient_ref').fill('E2E-AR-٧٢');
    await page.locator('#f-fracture_date').fill('2026-11-20');
    await page.locator('#f-sex').selectOption('F');
    await page.locator('#f-birth_date').fill('1948-05-06');
    await page.locator('#f-fracture_site').selectOption('hip');
    await page.locator('#f-setting').selectOption('inpatient');
    await submit(page, page.locator('main form button[type=submit]'));
    const path = new URL(page.url()).pathname;
    assert.match(path, /^\/fls\/GB-GLA\/episodes\/\d+$/, `registered (at ${page.url()})`);
    // FRAX and a T-score typed in Arabic-Indic digits with the Arabic decimal separator.
    await page.locator('#f-dxa_status').selectOption('done');
    await page.locator('#f-dxa_date').fill('2026-11-25');
    await page.locator('#f-t_score_total_hip').fill('-٢٫٥');
    await page.locator('#f-frax_major_pct').fill('٧٢');
    await submit(page, page.locator('fieldset:has(#f-frax_major_pct) button[type=submit]'));
    assert.equal(new URL(page.url()).pathname, path, 'saved without an error');
    assert.equal(await page.locator('.errors').count(), 0, 'no error box');
    assert.equal(await page.locator('#f-frax_major_pct').inputValue(), '٧٢');
    assert.equal(await page.locator('#f-t_score_total_hip').inputValue(), '-٢٫٥');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await accessible(page, 'Arabic episode after save');
    await shot(page, '20-arabic-digits');
    // The reference typed with Arabic digits is found by its ASCII spelling.
    await go(page, `/fls/GB-GLA/episodes?q=${encodeURIComponent('E2E-AR-72')}`);
    assert.match(await page.locator('main').innerText(), /E2E-AR-72/);
    await accessible(page, 'Arabic search');
  });
});

test('a lead reads the worklists and the KPI dashboard in Japanese', T, async () => {
  await flow('japanese-kpis', async (page) => {
    await signIn(page, LEAD);
    await switchTo(page, 'ja');
    await go(page, '/fls/GB-GLA/worklists');
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    assert.match(await page.locator('h1').innerText(), /[\u3040-\u30ff\u4e00-\u9fff]/, 'a Japanese heading');
    await accessible(page, 'worklists in Japanese');
    await go(page, '/fls/GB-GLA/kpis');
    assert.match(await page.locator('h1').innerText(), /[\u3040-\u30ff\u4e00-\u9fff]/, 'a Japanese heading');
    await accessible(page, 'KPI dashboard in Japanese');
    await shot(page, '21-japanese-kpis');
  });
});

test('the calculator preset leads to results and asks for the costs it cannot fill', T, async () => {
  await flow('calculator-preset', async (page) => {
    await go(page, '/calculator');
    const options = await page.locator('#preset option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
    await page.locator('#preset').selectOption(options[0]);
    await submit(page, page.locator('form:has(#preset) button[type=submit]'));
    assert.equal(await page.locator('.errors, .err').count(), 0, 'no error box');
    assert.ok(await page.locator('.calc-summary dd').count() > 0, 'results are shown');
    const needed = await page.locator('.costs-needed li').allInnerTexts();
    assert.equal(needed.length, 4, `the costs are asked for: ${needed}`);
    assert.doesNotMatch(await page.locator('main').innerText(), /0\.927027/);
    await accessible(page, 'calculator with a preset');
    await shot(page, '22-calculator-preset');
    // The link beside a needed cost leads to its field; entering the costs gives the money.
    await page.locator('.costs-needed a').first().click();
    await page.locator('#f-cost_fracture_hip').fill('25000');
    await page.locator('#f-cost_fracture_vertebral').fill('4000');
    await page.locator('#f-cost_fracture_other').fill('2500');
    await page.locator('#f-cost_drug_per_year').fill('300');
    await submit(page, page.locator('form.calc-form button[type=submit]'));
    assert.equal(await page.locator('.costs-needed').count(), 0);
    assert.equal(await page.locator('.calc-results svg[role=img]').count(), 3, 'three charts');
    await accessible(page, 'calculator with costs');
    await shot(page, '23-calculator-costs');
  });
});

test('the Arabic calculator reads Arabic-Indic digits', T, async () => {
  await flow('calculator-arabic', async (page) => {
    await go(page, '/calculator');
    await switchTo(page, 'ar');
    await page.locator('#f-patients_per_year').fill('١٢٫٥');
    for (const [f, v] of [['cost_fracture_hip', '٢٥٠٠٠'], ['cost_fracture_vertebral', '٤٠٠٠'],
      ['cost_fracture_other', '٢٥٠٠'], ['cost_fls_per_patient', '٨٠'], ['cost_drug_per_year', '٣٠٠']]) {
      await page.locator(`#f-${f}`).fill(v);
    }
    await submit(page, page.locator('form.calc-form button[type=submit]'));
    assert.equal(await page.locator('.errors').count(), 0, 'no error box');
    assert.equal(await page.locator('#f-patients_per_year').inputValue(), '١٢٫٥');
    assert.ok(await page.locator('.calc-summary dd').count() > 0, 'results are shown');
    await accessible(page, 'Arabic calculator');
    await shot(page, '24-calculator-arabic');
  });
});
