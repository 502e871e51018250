// The main flows of the web UI in a real browser, each page scanned with axe-core: register
// and complete a pathway (and delete it), a lead restoring a deleted episode, two people
// editing one episode, worklists and their export, the KPI dashboard with a funnel plot, a
// national lead's comparison with its charts, a coordinator's home, the public map and the
// calculator, and flows in Arabic and Japanese. Screenshots go to e2e/artifacts/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const NURSE = 'nurse.gla@demo.liaison.test';
const LEAD = 'lead.gla@demo.liaison.test';
const NATIONAL = 'national.gb@demo.liaison.test';
const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

/** Registers a fracture through the short form; answers the episode page's path. */
async function register(page, ref, born) {
  await go(page, '/fls/GB-GLA/episodes/new');
  await accessible(page, 'register form');
  await page.locator('#f-patient_ref').fill(ref);
  await page.locator('#f-fracture_date').fill('2026-11-20');
  await page.locator('#f-sex').selectOption('F');
  await page.locator('#f-birth_date').fill(born);
  await page.locator('#f-fracture_site').selectOption('wrist');
  await page.locator('#f-setting').selectOption('outpatient');
  await submit(page, page.locator('main form button[type=submit]'));
  const path = new URL(page.url()).pathname;
  assert.match(path, /^\/fls\/GB-GLA\/episodes\/\d+$/, `registered (at ${page.url()})`);
  return path;
}

/** Saves the episode form through the button of the fieldset holding `field`. */
async function save(page, field) {
  await submit(page, page.locator(`fieldset:has(#f-${field}) button[type=submit]`));
}

test('a clinician registers a fracture, records the assessment and reads the history', T, async () => {
  await flow('pathway', async (page) => {
    await signIn(page, NURSE);
    const path = await register(page, 'E2E-PATH', '1950-03-04');
    await page.locator('.notice[role=status]').waitFor();
    await accessible(page, 'episode page');
    await page.locator('#f-fls_assessment_date').fill('2026-11-25');
    await page.locator('#f-dxa_date').fill('2026-11-27');
    // Dataset version 2: a wrist fracture is not high-risk until the clinician says so.
    assert.match(await page.locator('#high-risk').innerText(), /Not high risk/);
    await page.locator('#f-high_risk').selectOption('yes');
    await save(page, 'fls_assessment_date');
    assert.equal(new URL(page.url()).pathname, path);
    assert.match(await page.locator('#high-risk').innerText(), /High risk clinician's judgement/);
    const history = page.locator('ol.history');
    await history.locator('details summary').first().click();
    const rows = await history.locator('table tbody tr').allInnerTexts();
    assert.ok(rows.some((r) => r.includes('2026-11-25')), `the history lists the assessment date: ${rows}`);
    await accessible(page, 'episode after save');
    await shot(page, '10-pathway');
    // Deleting asks first, then says it is done.
    await submit(page, page.locator('main a.danger'));
    await accessible(page, 'delete question');
    await submit(page, page.locator('main form button.danger'));
    assert.equal(new URL(page.url()).pathname, '/fls/GB-GLA/episodes');
    await page.locator('.notice[role=status]').waitFor();
  });
});

test('an FLS lead deletes an episode, then restores it from Deleted episodes', T, async () => {
  await flow('restore', async (page) => {
    await signIn(page, LEAD);
    await register(page, 'E2E-RESTORE', '1938-12-29');
    // The question first (no JavaScript needed), then the notice naming the period.
    await submit(page, page.locator('main a.danger'));
    await accessible(page, 'delete question (lead)');
    await submit(page, page.locator('main form button.danger'));
    assert.equal(new URL(page.url()).pathname, '/fls/GB-GLA/episodes');
    const notice = page.locator('.notice[role=status]');
    await notice.waitFor();
    assert.match(await notice.innerText(), /30 days/);
    await accessible(page, 'patients after the deletion');
    await submit(page, page.locator('main a[href="/fls/GB-GLA/episodes/deleted"]'));
    await accessible(page, 'deleted episodes');
    await shot(page, '18-deleted');
    const row = page.locator('main tbody tr', { hasText: 'E2E-RESTORE' });
    await submit(page, row.locator('button[type=submit]'));
    assert.equal(new URL(page.url()).pathname, '/fls/GB-GLA/episodes');
    assert.match(await page.locator('.notice[role=status]').innerText(), /restored/);
    await accessible(page, 'patients after the restore');
    await go(page, '/fls/GB-GLA/episodes?q=E2E-RESTORE');
    assert.equal(await page.locator('main tbody a', { hasText: 'E2E-RESTORE' }).count(), 1, 'back in the list');
  });
});

test('two people edit one episode: the conflict shows the other change and nothing is lost', T, async () => {
  await flow('conflict', async (page, context) => {
    await signIn(page, NURSE);
    const path = await register(page, 'E2E-CONFLICT', '1951-06-07');
    const other = await context.browser().newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const lead = await other.newPage();
      await signIn(lead, LEAD);
      await go(lead, path);
      await go(page, path);
      // The lead notes a call; the nurse, from her older page, records the phone number.
      await lead.locator('#f-notes').fill('called the GP');
      await save(lead, 'notes');
      await page.locator('#f-phone').fill('0141 555 0100');
      await save(page, 'phone');
      const conflict = page.locator('table.conflicts');
      await conflict.waitFor();
      assert.match(await conflict.innerText(), /called the GP/);
      await accessible(page, 'conflict');
      await shot(page, '11-conflict');
      await save(page, 'phone');
      assert.equal(await page.locator('#f-notes').inputValue(), 'called the GP', "the lead's note is kept");
      assert.equal(await page.locator('#f-phone').inputValue(), '0141 555 0100', "the nurse's phone is saved");
    } finally {
      await other.close();
    }
  });
});

test('worklists show who is due and export to CSV', T, async () => {
  await flow('worklists', async (page) => {
    await signIn(page, NURSE);
    await go(page, '/fls/GB-GLA/worklists');
    await accessible(page, 'worklists');
    const first = page.locator('main a[href^="/fls/GB-GLA/worklists/"]').first();
    await submit(page, first);
    await accessible(page, 'a worklist');
    const csv = await page.locator('a', { hasText: 'CSV' }).first().getAttribute('href');
    const r = await page.request.get(new URL(csv, page.url()).toString());
    assert.equal(r.status(), 200);
    assert.match(r.headers()['content-type'], /text\/csv/);
    await shot(page, '12-worklist');
  });
});

test('an FLS lead reads the KPI dashboard and a funnel plot', T, async () => {
  await flow('kpis', async (page) => {
    await signIn(page, LEAD);
    await go(page, '/fls/GB-GLA/kpis');
    await accessible(page, 'KPI dashboard');
    await go(page, '/fls/GB-GLA/kpis/kpi3_assessment_12w');
    await accessible(page, 'KPI detail');
    assert.ok(await page.locator('figure.chart-figure svg').count() >= 1, 'the funnel plot is drawn');
    await shot(page, '13-kpi-detail');
    // Inside its FLS a single day still shows the FLS's own figures, without pooled values.
    await go(page, '/fls/GB-GLA/kpis?period=custom&from=2026-11-20&to=2026-11-20');
    assert.equal(await page.locator('#pooled-withheld').count(), 1, 'pooled values left out');
    await accessible(page, 'KPI dashboard, one day');
  });
});

test("a national lead compares their country's services on charts from their home", T, async () => {
  await flow('national', async (page) => {
    await signIn(page, NATIONAL);
    await accessible(page, 'national lead home');
    await submit(page, page.locator('main a[href="/kpis/country/GB"]'));
    assert.equal(new URL(page.url()).pathname, '/kpis/country/GB');
    await accessible(page, 'country comparison');
    const dots = page.locator('section.dot-kpi figure svg[role=img]');
    assert.ok(await dots.count() >= 1, 'a dot plot per KPI');
    assert.equal(await dots.first().locator('line.pooled').count(), 1, 'the pooled value is drawn');
    assert.equal(await page.locator('figure.chart-wide svg g.panel').count(), 12, 'small multiples of the trend, one per KPI');
    await page.locator('section.dot-kpi details summary').first().click();
    await accessible(page, 'country comparison with a data table open');
    await shot(page, '14-country');
    // Outside an FLS a month is shorter than 90 days: refused, naming the rule (rule 8).
    const r = await page.goto(`${new URL(page.url()).origin}/kpis/country/GB?period=month`);
    assert.equal(r?.status(), 422, 'a month is refused outside an FLS');
    assert.match(await page.locator('main').innerText(), /90/);
    await accessible(page, 'period too short');
  });
});

test("a coordinator's home leads to today's worklist and its export", T, async () => {
  await flow('home', async (page) => {
    await signIn(page, NURSE);
    await accessible(page, 'coordinator home');
    const overdue = page.locator('#today-GB-GLA-awaiting-assessment td.overdue a');
    const count = Number((await overdue.innerText()).replace(/\D/g, ''));
    await submit(page, overdue);
    assert.match(new URL(page.url()).search, /state=overdue/);
    await accessible(page, 'overdue worklist');
    const shown = await page.locator('main p[role=status]').first().innerText();
    assert.equal(Number(shown.replace(/\D/g, '')), count, `the worklist holds the ${count} of the home`);
    await submit(page, page.locator('nav.tabs a[href="/fls/GB-GLA/export"]'));
    await accessible(page, 'export page');
    const csv = await page.locator('main a[href*="format=csv"]').first().getAttribute('href');
    const r = await page.request.get(new URL(csv, page.url()).toString());
    assert.equal(r.status(), 200);
    await shot(page, '18-home');
  });
});

test('a phone shows a compact header', T, async () => {
  await flow('phone', async (page) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, LEAD);
    const h = await page.evaluate(() => document.querySelector('header.top').getBoundingClientRect().height);
    assert.ok(h <= 844 * 0.15, `header ${h}px high`);
    await accessible(page, 'home on a phone');
    await shot(page, '19-phone');
  });
});

test('the public map and the calculator with a preset', T, async () => {
  await flow('public', async (page) => {
    await go(page, '/map');
    await accessible(page, 'map');
    await go(page, '/calculator');
    await accessible(page, 'calculator');
    const options = await page.locator('#preset option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
    assert.ok(options.length >= 1, 'at least one preset');
    await page.locator('#preset').selectOption(options[0]);
    await submit(page, page.locator('form:has(#preset) button[type=submit]'));
    await accessible(page, 'calculator with a preset');
    await shot(page, '15-calculator');
  });
});

test('a clinician works in Arabic (right to left) and a lead in Japanese', T, async () => {
  await flow('arabic', async (page) => {
    await signIn(page, NURSE);
    await page.locator('#lang-select').selectOption('ar');
    await submit(page, page.locator('form.lang button[type=submit]'));
    await page.waitForSelector('html[dir="rtl"][lang="ar"]', { state: 'attached' });
    await go(page, '/fls/GB-GLA/episodes');
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await accessible(page, 'patients in Arabic');
    await shot(page, '16-arabic');
  });
  await flow('japanese', async (page) => {
    await signIn(page, LEAD);
    await page.locator('#lang-select').selectOption('ja');
    await submit(page, page.locator('form.lang button[type=submit]'));
    await go(page, '/fls/GB-GLA/kpis');
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    await accessible(page, 'KPIs in Japanese');
    await shot(page, '17-japanese');
  });
});
