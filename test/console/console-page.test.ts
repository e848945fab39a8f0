import { jest } from '@jest/globals';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { ARTIFACTS, axeViolations, GREEN, openBrowser, pixelsNear, RED, screenshot, type Browser } from './browser.js';
import { startConsoleLab, type ConsoleLab } from './support.js';

jest.setTimeout(90_000);

let lab: ConsoleLab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  // The embedded configuration names no course: the panel shows a drill written for it.
  lab = await startConsoleLab({ labsDir: fileURLToPath(new URL('../labs/fixtures/custom', import.meta.url)) });
  browser = await openBrowser();
  page = browser.page;
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => void dialog.accept());
});
const FICS = '/api/graph/8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10/applications/4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71/fics';

// Whatever a test broke on purpose is repaired before the next one.
afterEach(async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await request(lab.url).delete('/api/faults').expect(204);
  const fics = await request(lab.url).get(FICS).expect(200);
  if (!fics.body.value.some((f: { name: string }) => f.name === 'aws-fedlab-workload')) {
    const issuer = lab.fedlab.urls.aws.issuers['111122223333'];
    await request(lab.url).post(FICS).send({ name: 'aws-fedlab-workload', issuer, subject: 'arn:aws:iam::111122223333:role/fedlab-workload', audiences: ['api://AzureADTokenExchange'] }).expect(201);
  }
});
afterAll(async () => {
  await browser?.close();
  await lab?.close();
});

async function open(view: string): Promise<void> {
  await page.goto(`${lab.url}/#${view}`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator(`#view-${view}`).waitFor({ state: 'visible' });
}

async function runHappyFlow(): Promise<void> {
  await page.getByRole('button', { name: 'Get AWS token' }).click();
  await page.locator('#step-mint .notice.good').waitFor();
  await page.getByRole('button', { name: 'Exchange', exact: true }).click();
  await page.locator('#step-exchange .notice').waitFor();
}

test('a first-time user sees the three steps, and the whole happy path works by clicks', async () => {
  await open('flow');
  expect(await page.locator('#view-flow h2').textContent()).toBe('Flow: from an AWS identity to an Azure secret');
  expect(await page.locator('.steps form.step .step-what').count()).toBe(3);
  expect(await page.getByRole('button', { name: 'Exchange', exact: true }).isDisabled()).toBe(true);
  await page.locator('#party-status .chip.good').nth(2).waitFor();
  await screenshot(page, 'first-screen');

  await page.getByLabel('AWS principal (role)').selectOption('arn:aws:iam::111122223333:role/fedlab-workload');
  // The audience and the algorithm fold out beside the button.
  expect(await page.getByLabel('ES384 (ECDSA P-384)').isVisible()).toBe(false);
  await page.locator('#step-mint .options summary').click();
  await page.getByLabel('ES384 (ECDSA P-384)').check();
  await page.getByRole('button', { name: 'Get AWS token' }).click();
  await page.locator('#step-mint .notice.good').waitFor();
  const sub = page.locator('#step-mint tr[data-claim="sub"]');
  expect(await sub.textContent()).toContain('arn:aws:iam::111122223333:role/fedlab-workload');
  expect(await sub.textContent()).toContain('never the session ARN');
  expect(await page.locator('#step-mint .token-header').textContent()).toContain('"alg":"ES384"');

  await page.locator('#step-exchange .options summary').click();
  await page.getByLabel('RFC 8693 token exchange (fedlab extension)').check();
  await page.getByRole('button', { name: 'Exchange', exact: true }).click();
  await page.locator('#step-exchange .notice.good').waitFor();
  expect(await page.locator('#step-exchange li.check.passed').count()).toBeGreaterThan(5);
  expect(await page.locator('#step-exchange li.check.failed').count()).toBe(0);
  expect(await page.locator('#step-exchange tr[data-claim="aud"]').first().textContent()).toContain('https://vault.azure.net');

  await page.getByRole('button', { name: 'Read secret' }).click();
  await page.locator('#step-read .notice.good').waitFor();
  expect(await page.locator('#step-read .secret-value').textContent()).toBe('hello from Azure, fetched with no long-lived secret');

  const shot = await screenshot(page, 'flow');
  // The README's picture is refreshed on request only, so a test run leaves the checkout clean.
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(resolve('docs/images'), { recursive: true });
    copyFileSync(shot, resolve('docs/images/console.png'));
  }
});

/** How far the page scrolls vertically (0: it fits the window). */
const verticalScroll = () => page.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight);


test('the flow picture lights each hop from the live events, names the failing check on the issuer hop, and the Flow view fits a 1280 × 720 screen', async () => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('about:blank');
  await open('flow');
  const picture = page.locator('#flow-picture');
  await picture.waitFor();
  expect(await picture.getAttribute('role')).toBe('img');
  await runHappyFlow();
  await page.getByRole('button', { name: 'Read secret' }).click();
  await page.locator('#step-read .notice.good').waitFor();
  for (const hop of ['mint', 'exchange', 'keys', 'read']) await picture.locator(`[data-hop="${hop}"][data-state="ok"]`).waitFor();
  expect(await picture.locator('[data-hop="read"] .hop-outcome').textContent()).toBe('✓ secret demo-secret read');
  expect(await page.locator('#flow-picture-desc').textContent()).toContain('3 GET secret, Bearer = Entra token: ok, secret demo-secret read');
  // One screen: after a whole run, details folded, nothing scrolls at 1280 × 720 (it was 2,265 px at 1280 × 800).
  await screenshot(page, 'flow-1280x720');
  expect(await verticalScroll()).toBe(0);
  const happy = await picture.screenshot({ path: `${ARTIFACTS}/flow-picture.png` });
  expect(await pixelsNear(page, happy, GREEN)).toBeGreaterThan(500);
  expect(await pixelsNear(page, happy, RED)).toBe(0);

  await request(lab.url).post('/api/faults/aws').send({ target: 'discovery', accountId: '111122223333', kind: 'status', status: 500 }).expect(201);
  await runHappyFlow();
  await picture.locator('[data-hop="keys"][data-state="failed"]').waitFor();
  expect(await picture.locator('[data-hop="keys"] .hop-outcome').textContent()).toBe('✗ issuer-metadata: AADSTS50166');
  expect(await picture.locator('[data-hop="exchange"]').getAttribute('data-state')).toBe('failed');
  expect(await picture.locator('[data-hop="mint"]').getAttribute('data-state')).toBe('ok');
  // The new run starts the later hop afresh: no stale green read.
  expect(await picture.locator('[data-hop="read"]').getAttribute('data-state')).toBe('idle');
  const broken = await picture.screenshot({ path: `${ARTIFACTS}/flow-picture-broken.png` });
  expect(await pixelsNear(page, broken, RED)).toBeGreaterThan(500);
  // A refusal names its check and code in the step's banner; Entra's message and the checklist fold out, so the screen still holds it all.
  expect(await page.locator('#step-exchange .notice.bad').textContent()).toContain('at check issuer-metadata');
  expect(await page.locator('#step-exchange li.check.failed').isVisible()).toBe(false);
  expect(await verticalScroll()).toBe(0);
});

test('Large type enlarges the picture for a projector: bigger words, thicker lines, nothing overlapping or cut off', async () => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('about:blank');
  await open('flow');
  await runHappyFlow();
  const picture = page.locator('#flow-picture');
  await picture.locator('[data-hop="exchange"][data-state="ok"]').waitFor();
  /** Rendered sizes in CSS pixels, and whether every word stays inside the picture and clear of the others on its line. */
  const measure = () =>
    page.evaluate(() => {
      const svg = document.getElementById('flow-picture')!;
      const box = svg.getBoundingClientRect();
      const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent);
      const rects = texts.map((t) => t.getBoundingClientRect());
      const labels = [...svg.querySelectorAll('.lane-label')].map((t) => t.getBoundingClientRect());
      return {
        geometry: svg.dataset.geometry,
        callHeight: svg.querySelector('.hop-call')!.getBoundingClientRect().height,
        labelHeight: labels[0]!.height,
        hopStroke: parseFloat(getComputedStyle(svg.querySelector('[data-hop="exchange"] .hop-line')!).strokeWidth),
        laneStroke: parseFloat(getComputedStyle(svg.querySelector('.lane')!).strokeWidth),
        inside: rects.every((r) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1),
        labelsApart: labels.every((r, i) => i === 0 || r.left > labels[i - 1]!.right),
      };
    });
  const normal = await measure();
  expect(normal).toMatchObject({ geometry: 'normal', inside: true, labelsApart: true });
  // Readable on a laptop too: the hop words are at least 12 CSS pixels tall.
  expect(normal.callHeight).toBeGreaterThanOrEqual(12);
  await picture.screenshot({ path: `${ARTIFACTS}/flow-picture-normal.png` });

  await page.getByLabel('Large type (projector)').check();
  try {
    await picture.locator('xpath=self::*[@data-geometry="large"]').waitFor();
    const large = await measure();
    expect(large).toMatchObject({ geometry: 'large', inside: true, labelsApart: true });
    expect(large.callHeight).toBeGreaterThan(normal.callHeight * 1.5);
    expect(large.labelHeight).toBeGreaterThan(normal.labelHeight * 1.4);
    expect(large.hopStroke).toBeGreaterThanOrEqual(normal.hopStroke * 1.5);
    expect(large.laneStroke).toBeGreaterThan(normal.laneStroke);
    const shot = await picture.screenshot({ path: `${ARTIFACTS}/flow-picture-large.png` });
    expect(await pixelsNear(page, shot, GREEN)).toBeGreaterThan(1000);
  } finally {
    await page.getByLabel('Large type (projector)').uncheck();
  }
  expect((await measure()).geometry).toBe('normal');
});

test('deleting the federated credential makes the exchange fail with the federated-credential check red; adding it back heals it', async () => {
  await open('configuration');
  const row = page.locator('tr[data-fic="aws-fedlab-workload"]');
  await row.waitFor();
  const issuer = (await row.locator('td').nth(1).textContent())!.trim();
  await page.getByRole('button', { name: 'Delete aws-fedlab-workload', exact: true }).click();
  await page.getByText('Deleted aws-fedlab-workload').waitFor();
  await row.waitFor({ state: 'detached' });

  await open('flow');
  await runHappyFlow();
  const failed = page.locator('#step-exchange li.check.failed');
  expect(await failed.count()).toBe(1);
  expect(await failed.getAttribute('data-check')).toBe('federated-credential');
  expect(await failed.textContent()).toMatch(/AADSTS70021\d/);
  expect(await page.locator('#step-exchange .notice.bad').textContent()).toContain('at check federated-credential');
  await screenshot(page, 'flow-fic-deleted');

  await open('configuration');
  const form = page.locator('.fic-form').first();
  await form.getByLabel('Application').selectOption({ label: 'aws-workload' });
  await form.getByLabel('Credential name').fill('aws-fedlab-workload');
  await form.getByLabel('Issuer', { exact: true }).fill(issuer);
  await form.getByLabel('Subject', { exact: true }).fill('arn:aws:iam::111122223333:role/fedlab-workload');
  await form.getByRole('button', { name: 'Add credential' }).click();
  await page.locator('tr[data-fic="aws-fedlab-workload"]').waitFor();

  await page.getByRole('button', { name: 'Edit aws-fedlab-workload-short-audience' }).click();
  expect(await form.getByLabel('Credential name').inputValue()).toBe('aws-fedlab-workload-short-audience');
  expect(await form.getByLabel('Credential name').getAttribute('readonly')).not.toBeNull();
  await form.getByLabel('Subject', { exact: true }).fill('arn:aws:iam::111122223333:role/fedlab-session');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Updated aws-fedlab-workload-short-audience').waitFor();
  await page.locator('tr[data-fic="aws-fedlab-workload-short-audience"]', { hasText: 'fedlab-session' }).waitFor();
  await screenshot(page, 'configuration');

  await open('flow');
  await runHappyFlow();
  await page.locator('#step-exchange .notice.good').waitFor();
});

test('a fault toggled on breaks the next exchange at the named check; cleared, the flow works again', async () => {
  await open('break');
  const toggle = page.getByLabel('Issuer down: its discovery document answers HTTP 500');
  await toggle.check();
  await page.locator('[data-breakage="issuer-down"] .tag.bad').waitFor();
  expect(await page.locator('#active-faults').textContent()).toContain('discovery of account 111122223333: status 500');

  await page.getByRole('button', { name: 'Run the flow now' }).click();
  const failed = page.locator('#break-run-output li.check.failed');
  await failed.waitFor();
  expect(await failed.getAttribute('data-check')).toBe('issuer-metadata');
  expect(await failed.textContent()).toContain('AADSTS50166');
  await screenshot(page, 'break-it');

  await page.getByLabel('Issuer down: its discovery document answers HTTP 500').uncheck();
  await page.locator('[data-breakage="issuer-down"] .tag.neutral').waitFor();
  await page.getByText('No fault is active').waitFor();
  await page.getByRole('button', { name: 'Run the flow now' }).click();
  await page.locator('#break-run-output .notice.good').waitFor();
  const faults = await request(lab.url).get('/api/faults').expect(200);
  expect(faults.body.value).toEqual([]);
});

test("Break it is honest about clocks: with Entra an hour ahead it names the hops the offset breaks, not 'the flow should work'", async () => {
  await open('break');
  await page.getByText('No fault is active and the clocks agree: the flow should work.').waitFor();
  await page.getByLabel("Entra's clock one hour ahead").check();
  try {
    await page.locator('[data-breakage="clock-ahead"] .tag.bad').waitFor();
    const status = page.locator('#clock-status');
    await status.locator('.notice.bad').waitFor();
    expect(await status.locator('.notice.bad strong').textContent()).toBe('No fault is active, but the clocks break the flow:');
    expect(await status.locator('[data-hop="assertion-at-entra"]').textContent()).toMatch(/expired .*exp.*time-window .*AADSTS700024/);
    expect(await status.locator('[data-clock="entra"]').textContent()).toBe("Entra ID's clock offset: +3600 s (ahead)");
    expect(await page.locator('#active-faults').textContent()).not.toContain('should work');
    await screenshot(page, 'break-it-clock');

    await page.getByRole('button', { name: 'Run the flow now' }).click();
    const failed = page.locator('#break-run-output li.check.failed');
    await failed.waitFor();
    expect(await failed.getAttribute('data-check')).toBe('time-window');
  } finally {
    await page.getByLabel("Entra's clock one hour ahead").uncheck();
  }
  await page.getByText('No fault is active and the clocks agree: the flow should work.').waitFor();
});

test('the live log shows events newest first and opens a rejected exchange to its checks', async () => {
  await open('log');
  await page.locator('#log-list li').first().waitFor();
  await page.getByLabel(/^Only rejections/).check();
  const rejected = page.locator('#log-list li[data-type="exchange-rejected"]').first();
  await rejected.locator('summary').click();
  await rejected.locator('li.check.failed').waitFor();
  expect(await page.locator('#log-list > li:not([data-type$="-rejected"])').count()).toBe(0);
  // Key Vault's challenge before a read is no rejection.
  expect(await page.locator('#log-list > li.expected').count()).toBe(0);
  await page.getByLabel(/^Only rejections/).uncheck();
  expect(await page.locator('#log-list > li[data-type="token-minted"]').count()).toBeGreaterThan(0);
  // The console's own calls (its buttons) are marked, and can be hidden.
  const own = page.locator('#log-list > li[data-type="token-minted"][data-origin="console"]');
  expect(await own.first().locator('.log-origin').textContent()).toBe('made by the console');
  await page.getByLabel("Hide the console's and the labs' own calls").check();
  expect(await page.locator('#log-list > li[data-origin]').count()).toBe(0);
  await page.getByLabel("Hide the console's and the labs' own calls").uncheck();
  await screenshot(page, 'live-log');
});

test("the live log labels Key Vault's 401 challenge as expected, lists a throttled 429 among the rejections, and cuts no row", async () => {
  await open('flow');
  await runHappyFlow();
  await page.getByRole('button', { name: 'Read secret' }).click();
  await page.locator('#step-read .notice.good').waitFor();
  // What every Key Vault client does first: a request without a token, answered 401 with the challenge.
  await request(lab.fedlab.urls.vault!.url).get('/secrets/demo-secret?api-version=7.5').disableTLSCerts().expect(401);
  await request(lab.url).post('/api/faults/entra').send({ target: 'token', kind: 'throttle', retryAfterSeconds: 5 }).expect(201);
  await runHappyFlow();
  await open('log');
  const challenge = page.locator('#log-list > li.expected', { hasText: 'expected challenge' }).first();
  await challenge.waitFor();
  expect(await challenge.getAttribute('class')).not.toContain('bad');
  const throttled = page.locator('#log-list > li.bad[data-type="token-request-refused"]', { hasText: 'HTTP 429' }).first();
  await throttled.waitFor();
  await page.getByLabel(/^Only rejections/).check();
  expect(await page.locator('#log-list > li[data-type="token-request-refused"]', { hasText: 'HTTP 429' }).count()).toBeGreaterThan(0);
  expect(await page.locator('#log-list > li.expected').count()).toBe(0);
  await page.getByLabel(/^Only rejections/).uncheck();
  // Rows wrap instead of cutting: no row's text overflows its box or ends in an ellipsis.
  const cut = await page.locator('#log-list > li').evaluateAll((rows) => rows.filter((r) => r.scrollWidth > r.clientWidth + 1 || /…$/.test(r.textContent!.trim())).length);
  expect(cut).toBe(0);
  await screenshot(page, 'live-log-expected-and-429');
});

test('the live log shows CloudTrail records as the AWS party keeps them, refusals marked, each opening to its record', async () => {
  const sts = new STSClient({
    endpoint: lab.fedlab.urls.aws.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAI44QH8DHBEXAMPLE', secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY' },
    maxAttempts: 1,
  });
  try {
    // fedlab-restricted may mint for 900 seconds at most: AccessDenied, recorded with its errorCode.
    await expect(sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256', DurationSeconds: 3600 }))).rejects.toMatchObject({ name: 'AccessDenied' });
  } finally {
    sts.destroy();
  }
  await request(lab.url).post('/api/aws/token').send({ principalArn: 'arn:aws:iam::111122223333:role/fedlab-workload', audience: 'api://AzureADTokenExchange', algorithm: 'RS256' }).expect(200);
  await open('log');
  await page.getByLabel('Only CloudTrail records').check();
  const refused = page.locator('#log-list > li.bad[data-type="cloudtrail-event"]', { hasText: 'GetWebIdentityToken by arn:aws:sts::111122223333:assumed-role/fedlab-restricted/fedlab-session failed: AccessDenied' }).first();
  await refused.waitFor();
  const minted = page.locator('#log-list > li[data-type="cloudtrail-event"]:not(.bad)', { hasText: 'GetWebIdentityToken by arn:aws:sts::111122223333:assumed-role/fedlab-workload/fedlab-session webIdentityTokenId=' }).first();
  await minted.waitFor();
  expect(await page.locator('#log-list > li:not([data-type="cloudtrail-event"])').count()).toBe(0);
  await refused.locator('summary').click();
  const record = JSON.parse((await refused.locator('pre.trail-record').textContent())!);
  expect(record).toMatchObject({ eventVersion: '1.11', eventSource: 'sts.amazonaws.com', eventName: 'GetWebIdentityToken', errorCode: 'AccessDenied', responseElements: null, userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/fedlab-restricted/fedlab-session' } });
  expect(JSON.stringify(record)).not.toContain('je7MtGbClwBF');
  await screenshot(page, 'live-log-cloudtrail');
  await page.getByLabel('Only CloudTrail records').uncheck();
});

test('the decoder decodes a pasted token and verifies it against the issuer', async () => {
  const minted = await request(lab.url).post('/api/aws/token').send({ principalArn: 'arn:aws:iam::111122223333:role/fedlab-workload', audience: 'api://AzureADTokenExchange', algorithm: 'RS256' }).expect(200);
  await open('decoder');
  await page.getByLabel(/^JWT/).fill(minted.body.token);
  await page.getByRole('button', { name: 'Decode and verify' }).click();
  await page.locator('#decoder-output .notice.good').waitFor();
  expect(await page.locator('#decoder-output .notice.good').textContent()).toContain('Signature verified');
  expect(await page.locator('#decoder-output tr[data-claim="exp"]').textContent()).toMatch(/in [45] min/);
  await screenshot(page, 'decoder');

  await page.getByLabel(/^JWT/).fill(`${minted.body.token.slice(0, -4)}AAAA`);
  await page.getByRole('button', { name: 'Decode and verify' }).click();
  await page.locator('#decoder-output .notice.bad').waitFor();
  expect(await page.locator('#decoder-output .notice.bad').textContent()).toContain('Not verified');
});

test('keyboard: the views are reached with Tab and Enter, and large type scales the page', async () => {
  await page.goto('about:blank');
  await open('flow');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the current view');
  await page.getByRole('link', { name: 'Token decoder' }).focus();
  await page.keyboard.press('Enter');
  await page.locator('#view-decoder').waitFor({ state: 'visible' });
  expect(await page.getByRole('link', { name: 'Token decoder' }).getAttribute('aria-current')).toBe('page');

  const before = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  await page.getByLabel('Large type (projector)').check();
  const after = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  expect(parseFloat(after)).toBeGreaterThan(parseFloat(before) * 1.4);
  await page.getByLabel('Large type (projector)').uncheck();
});

test('the Lab progress panel appears when the labs API answers, and only then', async () => {
  const labs = await request(lab.url).get('/api/labs/status').expect(200);
  await page.goto('about:blank');
  await open('labs');
  expect(await page.locator('#nav-labs').isVisible()).toBe(true);
  await page.locator('#view-labs article h3').first().waitFor();
  expect(await page.locator('#view-labs article h3').first().textContent()).toBe(labs.body.labs[0].title);
  expect(await page.locator('#view-labs li.check').count()).toBe(labs.body.labs.flatMap((l: { exercises: unknown[] }) => l.exercises).length);
  await screenshot(page, 'lab-progress');

  await page.route('**/api/labs/status', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found","message":"no labs"}}' }));
  await page.goto('about:blank');
  await open('flow');
  expect(await page.locator('#nav-labs').isVisible()).toBe(false);
  await page.unroute('**/api/labs/status');
});

test('axe-core finds no WCAG 2 A/AA violation (labels, contrast, …) in any view', async () => {
  const found: Record<string, unknown[]> = {};
  for (const view of ['flow', 'configuration', 'break', 'log', 'decoder']) {
    await open(view);
    if (view === 'flow') await runHappyFlow();
    if (view === 'configuration') await page.locator('tr[data-fic]').first().waitFor();
    if (view === 'break') await page.locator('#active-faults p, #active-faults ul').first().waitFor();
    const violations = await axeViolations(page);
    if (violations.length) found[view] = violations;
  }
  expect(found).toEqual({});
  expect(pageErrors).toEqual([]);
});
