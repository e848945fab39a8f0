import { afterAll, beforeAll, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { startTestAws, type TestAws } from '../aws/support.js';
import { entraTokenTarget, stsTarget, vaultTarget } from '../fuzz/targets.js';
import { startSecurityLab, type SecurityLab } from './helpers/security-lab.js';

/** A fast subset of `npm run fuzz` (test/fuzz/): the same properties with few runs. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
let lab: SecurityLab;
let aws: TestAws;
let valid: string[];

beforeAll(async () => {
  lab = await startSecurityLab();
  aws = await startTestAws();
  valid = await Promise.all(Array.from({ length: 4 }, () => lab.kit('ca').sign()));
});
afterAll(async () => {
  await lab?.close();
  await aws?.close();
});

test('fuzz: the Entra token endpoint never answers 5xx and issues tokens only for valid assertions', async () => {
  const target = entraTokenTarget(lab, valid);
  try {
    await fc.assert(target.property, { numRuns: RUNS });
  } finally {
    target.close();
  }
});

test('fuzz: the STS endpoint never answers 5xx and mints only for the signed request', async () => {
  await fc.assert(stsTarget(aws).property, { numRuns: RUNS });
});

test('fuzz: the vault never answers 5xx and serves only the valid bearer token', async () => {
  const target = vaultTarget(lab, await lab.kit('vault').sign());
  try {
    await fc.assert(target.property, { numRuns: RUNS });
  } finally {
    target.close();
  }
  expect(lab.canary.hits).toBe(0);
});
