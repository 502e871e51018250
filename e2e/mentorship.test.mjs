// Issue 17 in a real browser, each page scanned with axe-core: Glasgow's lead asks for a
// mentor, a programme reviewer pairs the demo mentor from the suggestions, and the mentor then
// opens Glasgow's KPI dashboard but not that of a service she does not mentor.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const T = { timeout: TEST_TIMEOUT_MS };
const NEEDS = 'Planning improvement cycles on the 12-week assessment (browser test).';

before(launch);
after(close);

test('a lead requests a mentor, a reviewer pairs one, the mentor sees that dashboard only', T, async () => {
  await flow('mentorship-request', async (page) => {
    await signIn(page, 'lead.gla@demo.liaison.test');
    await submit(page, page.locator('header nav a[href="/mentorship"]'));
    await accessible(page, 'mentorship hub of a lead');
    const form = page.locator('#request-form');
    await form.locator('#r-fls').selectOption('GB-GLA');
    await form.locator('#r-language').selectOption('en');
    await form.locator('#r-step').selectOption('getting_started');
    await form.locator('#r-needs').fill(NEEDS);
    await submit(page, form.locator('button[type=submit]'));
    assert.equal(new URL(page.url()).pathname, '/mentorship');
    assert.ok(await page.locator('li.request.status-open').count() >= 1, 'the request is listed, open');
  });

  let pairPath = '';
  await flow('mentorship-pair', async (page) => {
    await signIn(page, 'reviewer@demo.liaison.test');
    await go(page, '/mentorship');
    await accessible(page, 'mentorship queue');
    const req = page.locator('section.open-request').filter({ hasText: NEEDS });
    await req.locator('label', { hasText: 'Maya Mentor' }).click();
    await submit(page, req.locator('button[type=submit]'));
    pairPath = new URL(page.url()).pathname;
    assert.match(pairPath, /^\/mentorship\/pairs\/\d+$/);
    assert.match(await page.locator('#pair-title').innerText(), /Maya Mentor/);
    await accessible(page, 'the pair page');
    await shot(page, '90-mentorship-pair');
  });

  await flow('mentorship-mentor', async (page) => {
    await signIn(page, 'mentor@demo.liaison.test');
    await go(page, pairPath);
    await submit(page, page.locator('.pair-links a[href="/fls/GB-GLA/kpis"]'));
    assert.equal(new URL(page.url()).pathname, '/fls/GB-GLA/kpis');
    const other = await page.goto(`${BASE_URL}/fls/SA-RUH/kpis`);
    assert.equal(other?.status(), 404, 'not a service she mentors');
  });
});
