// Flows of leads, reviewers and administrators in a real browser, each page scanned with
// axe-core: an import with its preview and confirmation, the review of a Best Practice
// Framework self-assessment, and a password reset by an administrator.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const LEAD = 'lead.gla@demo.liaison.test';
const ADMIN = 'admin@demo.liaison.test';
const REVIEWER = 'reviewer@demo.liaison.test';
const VIEWER = 'viewer.gla@demo.liaison.test';
const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

test('an FLS lead imports a file: the preview counts rows, names the bad one, and confirming writes the rest', T, async () => {
  await flow('import', async (page) => {
    await signIn(page, LEAD);
    await go(page, '/import');
    await accessible(page, 'import page');
    const csv = [
      'fls_code,patient_ref,fracture_date,sex,birth_date,fracture_site,setting',
      'GB-GLA,E2E-IMP-1,2026-10-02,F,1948-05-06,wrist,outpatient',
      'GB-GLA,E2E-IMP-2,2026-10-03,M,1951-07-08,hip,inpatient',
      'GB-GLA,E2E-IMP-3,2026-13-40,F,1950-01-01,wrist,outpatient',
    ].join('\n');
    await page.locator('#io-file').setInputFiles({ name: 'e2e.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await submit(page, page.locator('form.io-upload button[type=submit]'));
    // Small files are previewed at once; a larger one refreshes the page until it is ready.
    await page.locator('#count-rows').waitFor({ timeout: 30_000 });
    assert.equal((await page.locator('#count-rows').innerText()).trim(), '3', 'every row of the file is counted');
    assert.equal((await page.locator('#count-new').innerText()).trim(), '2');
    assert.equal((await page.locator('#count-invalid').innerText()).trim(), '1');
    const main = await page.locator('main').innerText();
    assert.match(main, /fracture_date|Fracture date/, 'the invalid row names its field');
    await accessible(page, 'import preview');
    await shot(page, '40-import-preview');
    await submit(page, page.locator('#confirm-valid'));
    await page.locator('.io-done').waitFor({ timeout: 30_000 });
    await accessible(page, 'import done');
    await go(page, '/fls/GB-GLA/episodes?q=E2E-IMP');
    const list = await page.locator('main').innerText();
    assert.ok(list.includes('E2E-IMP-1') && list.includes('E2E-IMP-2'), `both valid rows are stored: ${list}`);
    assert.ok(!list.includes('E2E-IMP-3'), 'the invalid row is not');
  });
});

test('a programme reviewer reviews a submitted self-assessment and approves its levels', T, async () => {
  await flow('bpf-review', async (page) => {
    await signIn(page, REVIEWER);
    await go(page, '/bpf/review');
    await accessible(page, 'review queue');
    const queued = page.locator('main table tbody tr').filter({ hasText: 'MX-MTY' });
    assert.equal(await queued.count(), 1, 'the submitted assessment waits for review');
    await submit(page, queued.locator('a'));
    assert.equal(new URL(page.url()).pathname, '/fls/MX-MTY/bpf');
    await accessible(page, 'assessment under review');
    await page.locator('#f-comment').fill('Levels checked against the site visit of November.');
    await submit(page, page.locator('main button[name=action][value=approve]'));
    await accessible(page, 'assessment after approval');
    await shot(page, '41-bpf-approved');
    await go(page, '/bpf/review');
    const left = await page.locator('main').innerText();
    assert.ok(!left.includes('MX-MTY'), `an approved assessment leaves the queue: ${left}`);
  });
});

test('an administrator resets a lost password; the new one signs in and the old one no longer does', T, async () => {
  let newPassword = '';
  await flow('password-reset', async (page) => {
    await signIn(page, ADMIN);
    await go(page, '/admin/users');
    await accessible(page, 'users');
    await submit(page, page.locator('main a').filter({ hasText: VIEWER }).first());
    await accessible(page, 'user page');
    await submit(page, page.locator('main form[action$="/password-reset"] button'));
    newPassword = (await page.locator('#new-password').innerText()).trim();
    assert.ok(newPassword.length >= 20, `a generated password is shown once: ${newPassword}`);
    await accessible(page, 'user page after reset');
    await shot(page, '42-password-reset');
  });
  await flow('password-reset-sign-in', async (page) => {
    await go(page, '/sign-in');
    await page.locator('#f-email').fill(VIEWER);
    await page.locator('#f-password').fill('liaison-demo-2026');
    await submit(page, page.locator('form:has(#f-password) button[type=submit]'));
    assert.equal(new URL(page.url()).pathname, '/sign-in', 'the old password is refused');
    await page.locator('#f-email').fill(VIEWER);
    await page.locator('#f-password').fill(newPassword);
    await submit(page, page.locator('form:has(#f-password) button[type=submit]'));
    assert.equal(new URL(page.url()).pathname, '/', `signed in with the new password (at ${page.url()})`);
  });
});
