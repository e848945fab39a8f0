import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { ENDPOINT_CASES } from './cases/endpoint-cases.js';
import { startSecurityLab, type SecurityLab } from './helpers/security-lab.js';

let lab: SecurityLab;

beforeAll(async () => {
  lab = await startSecurityLab();
});
afterAll(() => lab?.close());

describe('E and form-level C/D cases: endpoint and protocol', () => {
  for (const c of ENDPOINT_CASES) test(`${c.id} ${c.title} → ${c.answer}`, () => c.run(lab));
});
