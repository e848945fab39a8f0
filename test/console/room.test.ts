import { parse as parseYaml } from 'yaml';
import { jest } from '@jest/globals';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnableOutboundWebIdentityFederationCommand, GetOutboundWebIdentityFederationInfoCommand, IAMClient } from '@aws-sdk/client-iam';
import type { Page } from 'playwright-core';
import request from 'supertest';
import type { Attendee } from '../../src/labs/attendee.js';
import { axeViolations, GREEN, openBrowser, pixelsNear, RED, screenshot, type Browser } from './browser.js';
import { startConsoleLab, type ConsoleLab } from './support.js';

jest.setTimeout(120_000);

const LAB_CONFIG = fileURLToPath(new URL('../../labs/fedlab-lab.yaml', import.meta.url));
const LAB = 'federation-101';

let lab: ConsoleLab;
let browser: Browser;
let page: Page;
let room: Attendee[];
const iamClients: IAMClient[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  lab = await startConsoleLab({ configFile: LAB_CONFIG, attendees: 3 });
  room = lab.fedlab.attendees!;
  browser = await openBrowser();
  page = browser.page;
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterAll(async () => {
  for (const client of iamClients) client.destroy();
  await browser?.close();
  await lab?.close();
});

/** What the attendee does for exercise 1: switch federation on with their own keys (AWS SDK), then answer with the issuer IAM reports. */
async function completeExercise1(attendee: Attendee): Promise<void> {
  const { accessKeyId, secretAccessKey } = attendee.principals[0]!;
  const iam = new IAMClient({ endpoint: lab.fedlab.urls.aws.endpoint, region: attendee.region, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  iamClients.push(iam);
  await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
  const { IssuerIdentifier } = await iam.send(new GetOutboundWebIdentityFederationInfoCommand({}));
  const answered = await request(lab.url).post(`/api/labs/${LAB}/exercises/1/answers?attendee=${attendee.id}`).send({ goal: 'issuer', value: IssuerIdentifier }).expect(200);
  expect(answered.body.exercise.done).toBe(true);
}

/** Federation on in the attendee's account (their own keys), whether or not an earlier test switched it on. */
async function ensureFederation(attendee: Attendee): Promise<void> {
  const { accessKeyId, secretAccessKey } = attendee.principals[0]!;
  const iam = new IAMClient({ endpoint: lab.fedlab.urls.aws.endpoint, region: attendee.region, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  iamClients.push(iam);
  await iam.send(new EnableOutboundWebIdentityFederationCommand({})).catch((error: { name?: string }) => {
    if (error.name !== 'FeatureEnabledException') throw error;
  });
}

const cell = (attendee: string, n: number) => page.locator(`#room-grid tr[data-attendee="${attendee}"] td[data-exercise="${LAB}/${n}"]`);

async function openLabs(query = ''): Promise<void> {
  await page.goto(`${lab.url}/${query}#labs`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#view-labs').waitFor({ state: 'visible' });
}

test('the facilitator grid shows who finished exercise 1 and who is still on it, with the hint and the per-exercise count', async () => {
  const [a01] = room;
  await completeExercise1(a01!);

  await openLabs();
  await page.locator('#room-grid').waitFor();
  expect(await page.getByLabel('Whose progress').inputValue()).toBe('');
  expect(await page.locator('#room-grid tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-attendee')))).toEqual(['a01', 'a02', 'a03']);
  expect(await cell('a01', 1).getAttribute('data-state')).toBe('done');
  expect(await cell('a01', 1).textContent()).toContain('done');
  for (const other of ['a02', 'a03']) {
    expect(await cell(other, 1).getAttribute('data-state')).toBe('working');
    expect(await cell(other, 2).getAttribute('data-state')).toBe('not-started');
  }
  expect(await cell('a01', 2).getAttribute('data-state')).toBe('working');
  expect(await page.locator(`#room-grid tfoot td[data-exercise="${LAB}/1"]`).textContent()).toBe('1 of 3');
  expect(await page.locator(`#room-grid tfoot td[data-exercise="${LAB}/2"]`).textContent()).toBe('0 of 3');
  expect(await page.locator('#room-grid tr[data-attendee="a01"] .done-count').textContent()).toMatch(/^1 of \d+$/);
  // Table semantics: the exercise's title is part of its column header; each row is headed by the attendee.
  expect(await page.locator(`#room-grid thead th[data-exercise="${LAB}/1"]`).textContent()).toContain('Enable outbound federation');
  expect(await page.getByRole('rowheader', { name: /a02/ }).count()).toBe(1);

  // The working cell opens to the attendee's current hint (the exercise's first open goal).
  await cell('a02', 1).locator('summary').click();
  expect(await cell('a02', 1).locator('.cell-hint').textContent()).toContain('EnableOutboundWebIdentityFederation');
  // One of two others passed exercise 1: not "most", so nobody is stuck yet.
  expect(await page.locator('#room-summary').textContent()).toContain('0 stuck');
  expect(await axeViolations(page)).toEqual([]);
});

test('the grid refreshes by itself; an attendee most others have passed is marked stuck and can be filtered', async () => {
  await openLabs();
  await page.locator('#room-grid').waitFor();
  await cell('a03', 1).locator('summary').click();
  await completeExercise1(room[1]!);

  // No reload: the poll (or the IAM event on /api/events) brings a02's progress in, and the open hint stays open.
  await page.locator(`#room-grid tr[data-attendee="a02"] td[data-exercise="${LAB}/1"][data-state="done"]`).waitFor({ timeout: 15_000 });
  expect(await cell('a03', 1).getAttribute('data-state')).toBe('stuck');
  expect(await cell('a03', 1).textContent()).toContain('stuck');
  expect(await cell('a03', 1).locator('details').getAttribute('open')).not.toBeNull();
  expect(await page.locator('#room-grid tr[data-attendee="a03"] .now').textContent()).toBe('⚠ stuck on #1 (2 of the others passed it)');
  expect(await page.locator('#room-summary').textContent()).toContain('1 stuck: a03 on #1');
  expect(await page.locator('#room-changes').textContent()).toContain('a02 finished #1');
  expect(await page.locator(`#room-legend li[data-exercise="${LAB}/1"]`).textContent()).toContain('done by 2 of 3');

  await page.getByLabel('Only attendees who are stuck').check();
  expect(await page.locator('#room-grid tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-attendee')))).toEqual(['a03']);
  await page.getByLabel('Only attendees who are stuck').uncheck();
  await page.getByLabel('Sort attendees by').selectOption('stuck');
  expect(await page.locator('#room-grid tbody tr').first().getAttribute('data-attendee')).toBe('a03');

  await screenshot(page, 'facilitator');
  const shot = resolve('test-artifacts/console/facilitator.png');
  // The README's picture is refreshed on request only, so a test run leaves the checkout clean.
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(resolve('docs/images'), { recursive: true });
    copyFileSync(shot, resolve('docs/images/facilitator.png'));
  }
  expect(await axeViolations(page)).toEqual([]);

  // Large type (projector): the grid scrolls inside its own region, the page does not grow sideways.
  await page.getByLabel('Large type (projector)').check();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  expect(await page.locator('.grid-wrap').getAttribute('tabindex')).toBe('0');
  await screenshot(page, 'facilitator-large');
  await page.getByLabel('Large type (projector)').uncheck();
});

test("the attendee picker (and ?attendee= in the address) shows one attendee's own checklist with hints", async () => {
  await openLabs();
  await page.locator('#room-grid').waitFor();
  await page.getByLabel('Whose progress').selectOption('a01');
  await page.locator('#attendee-heading').waitFor();
  expect(await page.locator('#attendee-heading').textContent()).toBe('Checklist of attendee a01');
  expect(new URL(page.url()).searchParams.get('attendee')).toBe('a01');
  const first = page.locator('#view-labs li.check[data-exercise="1"]');
  expect(await first.getAttribute('class')).toContain('passed');
  expect(await first.textContent()).toContain('done');
  expect(await first.locator('li.goal[data-done="true"]').count()).toBe(2);
  const second = page.locator('#view-labs li.check[data-exercise="2"]');
  expect(await second.getAttribute('aria-current')).toBe('step');
  expect(await second.locator('li.goal[data-goal="rs256"] .goal-hint').textContent()).toContain('GetWebIdentityToken');
  const course = parseYaml(readFileSync(fileURLToPath(new URL('../../labs/federation-101.lab.yaml', import.meta.url)), 'utf8')) as { exercises: unknown[] };
  expect(await page.locator('#view-labs li.check').count()).toBe(course.exercises.length);
  expect(await axeViolations(page)).toEqual([]);
  await screenshot(page, 'attendee-checklist');

  // An attendee's own link opens the console on their checklist; the grid's attendee link does the same.
  await page.goto('about:blank');
  await page.goto(`${lab.url}/?attendee=a03`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#attendee-heading').waitFor();
  expect(await page.getByLabel('Whose progress').inputValue()).toBe('a03');
  const a03First = page.locator('#view-labs li.check[data-exercise="1"]');
  expect(await a03First.textContent()).toContain('not done yet');
  expect(await a03First.locator('li.goal[data-goal="enabled"] .goal-hint').textContent()).toContain('EnableOutboundWebIdentityFederation');

  await page.getByLabel('Whose progress').selectOption('');
  await page.locator('#room-grid').waitFor();
  expect(new URL(page.url()).searchParams.has('attendee')).toBe(false);
  await page.getByRole('link', { name: 'a02: open checklist' }).click();
  await page.locator('#attendee-heading', { hasText: 'a02' }).waitFor();
  expect(await page.getByLabel('Whose progress').inputValue()).toBe('a02');
  expect(pageErrors).toEqual([]);
});

test("an attendee's own console (?attendee=a03) offers only a03's account, tenant, application and vault, and the three buttons earn a03's goals", async () => {
  const a03 = room[2]!;
  // The contract: GET /api/labs/attendees/:id, ids and URLs only (no secret key, no client secret).
  const world = (await request(lab.url).get('/api/labs/attendees/a03').expect(200)).body;
  expect(world).toMatchObject({
    id: 'a03',
    aws: { accountId: a03.accountId, region: a03.region, issuer: lab.fedlab.urls.aws.issuers[a03.accountId], principals: a03.principals.map((p) => ({ arn: p.arn, accessKeyId: p.accessKeyId })) },
    entra: { tenantId: a03.tenantId, clientId: a03.clientId, servicePrincipalId: a03.servicePrincipalId },
    vault: { name: a03.vaultName, url: lab.fedlab.urls.vaults!.find((v) => v.name === a03.vaultName)!.url },
  });
  const text = JSON.stringify(world);
  for (const secret of [...a03.principals.map((p) => p.secretAccessKey), a03.admin!.clientSecret]) expect(text).not.toContain(secret);
  const unknown = await request(lab.url).get('/api/labs/attendees/a99').expect(404);
  expect(unknown.body.error.code).toBe('UnknownAttendee');

  // a03's starting point for the flow: federation on (their keys), a credential trusting their role on their application.
  const { accessKeyId, secretAccessKey } = a03.principals[0]!;
  const iam = new IAMClient({ endpoint: lab.fedlab.urls.aws.endpoint, region: a03.region, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  iamClients.push(iam);
  await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
  await request(lab.url)
    .post(`/api/graph/${a03.tenantId}/applications/${a03.clientId}/fics`)
    .send({ name: 'a03-workload', issuer: world.aws.issuer, subject: a03.principals[0]!.arn, audiences: ['api://AzureADTokenExchange'] })
    .expect(201);

  await page.goto('about:blank');
  await page.goto(`${lab.url}/?attendee=a03#flow`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#view-flow').waitFor({ state: 'visible' });
  expect(await page.locator('#scope').textContent()).toContain(`Attendee a03's console: AWS account ${a03.accountId}`);
  const principals = await page.locator('#flow-principal option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(principals).toEqual(a03.principals.map((p) => p.arn));
  const apps = await page.locator('#flow-app option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(apps).toEqual([`${a03.tenantId}|${a03.clientId}`]);
  expect(await axeViolations(page)).toEqual([]);

  await page.locator('#flow-mint').click();
  await page.locator('#step-mint .notice.good').waitFor();
  await page.locator('#flow-exchange').click();
  await page.locator('#step-exchange .notice.good').waitFor();
  await page.locator('#flow-read').click();
  await page.locator('#step-read .secret-value').waitFor();
  expect(await page.locator('#step-read .secret-value').textContent()).toContain('federation works');
  await screenshot(page, 'attendee-flow');

  // Earned in a03's own checklist: the vault token and the secret read (exercise 5), nobody else's.
  const status = (await request(lab.url).get('/api/labs/status?attendee=a03').expect(200)).body;
  const exercise5 = status.labs[0].exercises[4];
  expect(exercise5.goals.map((g: { id: string; done: boolean }) => [g.id, g.done])).toEqual([['vault-token', true], ['secret', true]]);
  const a01 = (await request(lab.url).get('/api/labs/status?attendee=a01').expect(200)).body;
  expect(a01.labs[0].exercises[4].done).toBe(false);

  // The Live log shows a03's own events by default: none naming another attendee's account.
  await page.goto(`${lab.url}/?attendee=a03#log`);
  await page.locator('#log-list li').first().waitFor();
  expect(await page.getByLabel("Only attendee a03's events").isChecked()).toBe(true);
  const rows = await page.locator('#log-list li').allTextContents();
  expect(rows.some((r) => r.includes('got a token'))).toBe(true);
  for (const other of [room[0]!, room[1]!]) expect(rows.some((r) => r.includes(other.accountId) || r.includes(other.clientId))).toBe(false);
  expect(pageErrors).toEqual([]);
});

test("in a room each attendee's flow picture draws only their own calls: a02's refused exchange stays red while a01's whole flow lights a01's picture", async () => {
  const [a01, a02] = [room[0]!, room[1]!];
  // Both have federation on; a01 gets a credential trusting their role, a02 none.
  for (const attendee of [a01, a02]) await ensureFederation(attendee);
  await request(lab.url)
    .post(`/api/graph/${a01.tenantId}/applications/${a01.clientId}/fics`)
    .send({ name: 'a01-workload', issuer: lab.fedlab.urls.aws.issuers[a01.accountId], subject: a01.principals[0]!.arn, audiences: ['api://AzureADTokenExchange'] })
    .expect(201);
  const a01Page = await browser.context.newPage();
  a01Page.on('pageerror', (error) => pageErrors.push(error.message));
  const hop = (p: Page, id: string) => p.locator(`#flow-picture [data-hop="${id}"]`);
  const states = (p: Page) => p.locator('#flow-picture [data-hop]').evaluateAll((gs) => Object.fromEntries(gs.map((g) => [g.getAttribute('data-hop'), g.getAttribute('data-state')])));
  try {
    for (const [p, who] of [[page, 'a02'], [a01Page, 'a01']] as const) {
      await p.setViewportSize({ width: 1280, height: 720 });
      await p.goto('about:blank');
      await p.goto(`${lab.url}/?attendee=${who}#flow`);
      await p.waitForSelector('body[data-ready="true"]');
      await p.locator('#flow-picture').waitFor();
    }

    // a02 presses the buttons: their own token, refused by their own tenant (no credential trusts the role yet).
    await page.locator('#flow-mint').click();
    await page.locator('#step-mint .notice.good').waitFor();
    await page.locator('#flow-exchange').click();
    await page.locator('#step-exchange .notice.bad').waitFor();
    await hop(page, 'exchange').and(page.locator('[data-state="failed"]')).waitFor();
    expect(await hop(page, 'exchange').locator('.hop-outcome').textContent()).toMatch(/^✗ federated-credential: AADSTS70021\d$/);
    expect(await hop(page, 'mint').locator('.hop-outcome').textContent()).toBe('✓ token for api://AzureADTokenExchange (RS256)');
    // a01's picture saw none of it.
    expect(await states(a01Page)).toEqual({ mint: 'idle', exchange: 'idle', keys: 'idle', read: 'idle' });

    // a01 runs the whole flow in their console, and a client of theirs meets their vault's challenge first (as the SDK does).
    await a01Page.locator('#flow-mint').click();
    await a01Page.locator('#step-mint .notice.good').waitFor();
    await a01Page.locator('#flow-exchange').click();
    await a01Page.locator('#step-exchange .notice.good').waitFor();
    await a01Page.locator('#flow-read').click();
    await a01Page.locator('#step-read .secret-value').waitFor();
    await hop(a01Page, 'read').and(a01Page.locator('[data-state="ok"]')).waitFor();
    const a01Vault = lab.fedlab.urls.vaults!.find((v) => v.name === a01.vaultName)!.url;
    const challenge = await request(a01Vault.replace(/\/$/, '')).get('/secrets/demo-secret?api-version=7.5').ca(lab.fedlab.ca);
    expect(challenge.status).toBe(401);
    await hop(a01Page, 'read').and(a01Page.locator('[data-state="expected"]')).waitFor();
    expect(await states(a01Page)).toEqual({ mint: 'ok', exchange: 'ok', keys: 'ok', read: 'expected' });
    expect(await a01Page.locator('#flow-picture-desc').textContent()).toContain('2 token request, client_assertion = AWS token: ok, access token for https://vault.azure.net');

    // a02's picture still shows a02's run only: the refusal, and no read (neither a01's secret nor a01's vault's challenge).
    expect(await states(page)).toEqual({ mint: 'ok', exchange: 'failed', keys: 'idle', read: 'idle' });
    expect(await page.locator('#flow-picture-desc').textContent()).toMatch(/2 token request, client_assertion = AWS token: failed, federated-credential: AADSTS70021\d/);
    const a02Shot = await page.locator('#flow-picture').screenshot({ path: 'test-artifacts/console/room-flow-a02.png' });
    const a01Shot = await a01Page.locator('#flow-picture').screenshot({ path: 'test-artifacts/console/room-flow-a01.png' });
    expect(await pixelsNear(page, a02Shot, RED)).toBeGreaterThan(300);
    expect(await pixelsNear(a01Page, a01Shot, RED)).toBe(0);
    expect(await pixelsNear(a01Page, a01Shot, GREEN)).toBeGreaterThan(500);

    // Opened afterwards, an attendee's console replays only their own events; the facilitator's shows the room's latest run.
    await page.goto('about:blank');
    await page.goto(`${lab.url}/?attendee=a02#flow`);
    await page.waitForSelector('body[data-ready="true"]');
    await hop(page, 'exchange').and(page.locator('[data-state="failed"]')).waitFor();
    expect(await states(page)).toEqual({ mint: 'ok', exchange: 'failed', keys: 'idle', read: 'idle' });
    await page.goto('about:blank');
    await page.goto(`${lab.url}/#flow`);
    await page.waitForSelector('body[data-ready="true"]');
    await hop(page, 'read').and(page.locator('[data-state="expected"]')).waitFor();
    expect(await states(page)).toEqual({ mint: 'ok', exchange: 'ok', keys: 'ok', read: 'expected' });

    // The attendee's console fits the screen too, banner included.
    await a01Page.reload();
    await a01Page.waitForSelector('body[data-ready="true"]');
    await a01Page.locator('#flow-mint').click();
    await a01Page.locator('#step-mint .notice.good').waitFor();
    await a01Page.locator('#flow-exchange').click();
    await a01Page.locator('#step-exchange .notice.good').waitFor();
    await a01Page.locator('#flow-read').click();
    await a01Page.locator('#step-read .secret-value').waitFor();
    expect(await a01Page.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight)).toBe(0);
    await screenshot(a01Page, 'room-flow-a01-console');
    expect(await axeViolations(a01Page)).toEqual([]);
  } finally {
    await a01Page.close();
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  expect(pageErrors).toEqual([]);
});
