import { afterAll, beforeAll, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { startTestAws, type TestAws } from '../aws/support.js';
import { startSecurityLab, type SecurityLab } from '../security/helpers/security-lab.js';
import { entraTokenTarget, stsTarget, vaultTarget } from './targets.js';

/** `npm run fuzz`: at least 10,000 cases per endpoint (FUZZ_RUNS to change), with RSS bounded. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const MAX_RSS_GROWTH = 150 * 1024 * 1024;
let lab: SecurityLab;
let aws: TestAws;

beforeAll(async () => {
  lab = await startSecurityLab();
  aws = await startTestAws();
});
afterAll(async () => {
  await lab?.close();
  await aws?.close();
});

async function measured(name: string, run: () => Promise<void>): Promise<void> {
  const rss = process.memoryUsage().rss;
  const started = Date.now();
  await run();
  const growth = process.memoryUsage().rss - rss;
  process.stdout.write(`fuzz ${name}: ${RUNS} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, RSS ${(rss / 2 ** 20).toFixed(0)} → ${((rss + growth) / 2 ** 20).toFixed(0)} MiB\n`);
  expect(growth).toBeLessThan(MAX_RSS_GROWTH);
}

test(`Entra token endpoint: ${RUNS} cases`, async () => {
  // Fresh valid assertions (they live 300 s) so that some cases are legitimately accepted.
  const valid = await Promise.all(Array.from({ length: 8 }, () => lab.kit('ca').sign({ claims: { exp: lab.kit('ca').nowSeconds() + 3000 } })));
  const target = entraTokenTarget(lab, valid);
  try {
    await measured('entra-token', () => fc.assert(target.property, { numRuns: RUNS }));
  } finally {
    target.close();
  }
});

test(`STS endpoint: ${RUNS} cases`, async () => {
  await measured('sts', () => fc.assert(stsTarget(aws).property, { numRuns: RUNS }));
});

test(`vault: ${RUNS} cases`, async () => {
  const target = vaultTarget(lab, await lab.kit('vault').sign());
  try {
    await measured('vault', () => fc.assert(target.property, { numRuns: RUNS }));
  } finally {
    target.close();
  }
  expect(lab.canary.hits).toBe(0);
});
