import { afterAll, beforeAll, beforeEach, describe, test } from '@jest/globals';
import { KEY_CASES, resetIssuers } from './cases/key-cases.js';
import { startSecurityLab, type SecurityLab } from './helpers/security-lab.js';

let lab: SecurityLab;

beforeAll(async () => {
  lab = await startSecurityLab({ entra: (config) => (config.externalIssuers = { cacheMaxAgeSeconds: 600, cooldownSeconds: 30, timeoutMs: 1000 }) });
});
beforeEach(() => resetIssuers(lab));
afterAll(() => lab?.close());

describe('B and F: key resolution, discovery, availability', () => {
  for (const c of KEY_CASES) test(`${c.id} ${c.title} → ${c.answer}`, () => c.run(lab));
});
