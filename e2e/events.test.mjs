// Issue 17's events in a real browser, each page scanned with axe-core: a visitor registers for
// a public webinar, sees the confirmation and downloads the .ics; an organiser marks attendance.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { TEST_TIMEOUT_MS, accessible, close, flow, go, launch, shot, signIn, submit } from './lib.mjs';

const T = { timeout: TEST_TIMEOUT_MS };

before(launch);
after(close);

test('a visitor registers for a public webinar and downloads the .ics', T, async () => {
  await flow('events-visitor', async (page) => {
    await go(page, '/events');
    await accessible(page, 'events');
    // The demo's London webinar, upcoming and public.
    await submit(page, page.locator('ul.upcoming a', { hasText: 'Starting a fracture liaison service' }));
    assert.match(await page.locator('#event-when').innerText(), /Europe\/London/);
    await page.fill('#r-name', 'Ana Ruiz');
    await page.fill('#r-email', `ana.${Date.now()}@example.org`);
    await page.check('#r-consent');
    await accessible(page, 'event page');
    await submit(page, page.locator('#register'));
    assert.match(new URL(page.url()).pathname, /^\/events\/registration\//);
    assert.match(await page.locator('#confirmation-status').innerText(), /Confirmed/);
    await accessible(page, 'confirmation');
    await shot(page, '90-event-confirmation');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#download-ics').click(),
    ]);
    assert.match(download.suggestedFilename(), /^event-\d+\.ics$/);
    const ics = await readFile(await download.path(), 'utf8');
    assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n'), ics.slice(0, 40));
    assert.match(ics, /DTSTART:\d{8}T\d{6}Z\r\n/);
  });
});

test('an organiser marks a registrant present', T, async () => {
  await flow('events-organiser', async (page) => {
    await signIn(page, 'reviewer@demo.liaison.test');
    await go(page, '/events');
    await submit(page, page.locator('ul.upcoming a', { hasText: 'An introduction to FLS KPIs' }));
    const row = page.locator('tr.attendee.status-confirmed').first();
    await row.waitFor();
    await accessible(page, 'event as organiser');
    await submit(page, row.locator('button.mark-present'));
    const marked = page.locator('tr.attendee.status-confirmed').first();
    assert.match(await marked.locator('.attended').innerText(), /Yes/);
    await shot(page, '91-event-attendance');
  });
});
