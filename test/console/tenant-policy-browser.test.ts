import { jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { axeViolations, openBrowser, screenshot, type Browser } from './browser.js';
import { startConsoleLab, TENANT, type ConsoleLab } from './support.js';

jest.setTimeout(90_000);

/**
 * Break it's tenant policy switches in Chromium: each flipped on makes "Run the flow now" show
 * Entra's refusal at its check with its AADSTS code; flipped back, the flow works again.
 */
let lab: ConsoleLab;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  lab = await startConsoleLab();
  browser = await openBrowser();
  page = browser.page;
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterEach(async () => {
  await request(lab.url).delete(`/api/entra/tenants/${TENANT}/policy`).expect(204);
});
afterAll(async () => {
  await browser?.close();
  await lab?.close();
});

async function openBreakIt(): Promise<void> {
  await page.goto(`${lab.url}/#break`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#view-break').waitFor({ state: 'visible' });
  await page.locator('[data-policy="federation-disabled"]').waitFor();
}

async function runFlow() {
  await page.locator('#break-run-output').evaluate((el) => el.replaceChildren());
  await page.getByRole('button', { name: 'Run the flow now' }).click();
  await page.locator('#break-run-output .notice').first().waitFor();
}

type Policy = { workloadIdentityFederation: string; blockedIssuers: string[]; disabledServicePrincipals: string[]; conditionalAccessPolicies: { servicePrincipals: unknown }[] };
const CASES = [
  { item: 'federation-disabled', label: /workload identity federation disabled/, check: 'federation-policy', title: "The tenant's policy allows federation", code: 'AADSTS700223', inPolicy: (p: Policy) => p.workloadIdentityFederation === 'disabled' },
  { item: 'issuer-blocked', label: /blocks the issuer of AWS account 111122223333/, check: 'federation-policy', title: "The tenant's policy allows federation", code: 'AADSTS700238', inPolicy: (p: Policy) => p.blockedIssuers.includes('aws:111122223333') },
  { item: 'sp-disabled', label: /^Service principal of .* disabled$/, check: 'service-principal-enabled', title: "The application's service principal is enabled", code: 'AADSTS7000112', inPolicy: (p: Policy) => p.disabledServicePrincipals.length === 1 },
  { item: 'conditional-access', label: /^Conditional Access for workload identities blocks/, check: 'conditional-access', title: 'No Conditional Access policy blocks this service principal', code: 'AADSTS53003', inPolicy: (p: Policy) => p.conditionalAccessPolicies.length === 1 },
];

test.each(CASES)('$item: switched on, it shows ON, the run is refused at $check with $code; switched off, the flow works', async ({ item, label, check, title, code, inPolicy }) => {
  await openBreakIt();
  await page.getByText('No fault is active and the clocks agree: the flow should work.').waitFor();
  const row = page.locator(`[data-policy="${item}"]`);
  expect(await row.locator('.tag').textContent()).toBe('off');

  await page.getByLabel(label).check();
  await row.locator('.tag.bad').waitFor();
  expect(await row.locator('.tag').textContent()).toBe('ON');
  // The verdict no longer says the flow should work: it names the policy item.
  await page.locator('#policy-verdict').waitFor();
  expect(await page.locator('#clock-status').textContent()).toContain('No fault is active, but the tenant policy refuses the exchange:');
  // The policy as Entra holds it now (read over the console's relay, not from the page).
  expect(inPolicy((await request(lab.url).get(`/api/entra/tenants/${TENANT}/policy`).expect(200)).body)).toBe(true);

  await runFlow();
  const failed = page.locator('#break-run-output li.check.failed');
  await failed.waitFor();
  expect(await failed.getAttribute('data-check')).toBe(check);
  // The checklist says in words what the refusing check verifies.
  expect(await failed.textContent()).toContain(title);
  expect(await page.locator('#break-run-output').textContent()).toContain(code);
  if (item === 'conditional-access') {
    await screenshot(page, 'break-it-tenant-policy');
    expect(await axeViolations(page)).toEqual([]);
  }

  await page.getByLabel(label).uncheck();
  await row.locator('.tag.neutral').waitFor();
  await page.getByText('No fault is active and the clocks agree: the flow should work.').waitFor();
  await runFlow();
  await page.locator('#break-run-output .notice.good').waitFor();
  expect(pageErrors).toEqual([]);
});

test('"Back to the configured tenant policy" switches every item off', async () => {
  await openBreakIt();
  await page.getByLabel(CASES[0]!.label).check();
  await page.locator('[data-policy="federation-disabled"] .tag.bad').waitFor();
  await page.getByLabel(CASES[2]!.label).check();
  await page.locator('[data-policy="sp-disabled"] .tag.bad').waitFor();
  expect(await page.locator('#tenant-policy-status').textContent()).toContain('workload identity federation disabled');
  await page.getByRole('button', { name: 'Back to the configured tenant policy' }).click();
  await page.locator('[data-policy="federation-disabled"] .tag.neutral').waitFor();
  expect(await page.locator('#tenant-policy .tag.bad').count()).toBe(0);
  expect(await page.locator('#tenant-policy-status').textContent()).toContain('workload identity federation enabled');
});
