import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CLAIMS_CASES } from './cases/claims-cases.js';
import { ENCODING_CASES } from './cases/encoding-cases.js';
import { SIGNATURE_CASES } from './cases/signature-cases.js';
import type { TokenCase } from './cases/case.js';
import { expectAnswer, expectedOn, pathsFor } from './helpers/expect-answer.js';
import { startSecurityLab, type SecurityLab } from './helpers/security-lab.js';

let lab: SecurityLab;

beforeAll(async () => {
  lab = await startSecurityLab();
  // Warm every path's key cache, so a case that must not fetch can be told apart from one that may.
  for (const path of ['ca', 'vault'] as const) expect((await lab.send(path, await lab.kit(path).sign())).status).toBe(200);
});
afterAll(() => lab?.close());

function battery(family: string, cases: readonly TokenCase[]): void {
  describe(family, () => {
    for (const c of cases) {
      for (const path of pathsFor(c.expect)) {
        const expected = expectedOn(path, c.expect);
        test(`${c.id} ${c.title} [${path}] → ${expected}`, async () => {
          const tokens = await c.make(lab.kit(path), lab);
          expect(tokens.length).toBeGreaterThan(0);
          for (const [index, token] of tokens.entries()) {
            const before = lab.outbound();
            const answer = await lab.send(path, token);
            try {
              expectAnswer(path, answer, expected, token);
            } catch (error) {
              throw new Error(`${c.id} variant #${index} ${JSON.stringify(token.slice(0, 60))}…: ${(error as Error).message}\nanswer: ${answer.text.slice(0, 600)}`);
            }
            if (c.fetches !== 'allowed') expect({ variant: token.slice(0, 80), outbound: lab.outbound() - before }).toEqual({ variant: token.slice(0, 80), outbound: 0 });
            expect(lab.canary.hits).toBe(0);
          }
        });
      }
    }
  });
}

battery('A: signature and algorithm', SIGNATURE_CASES);
battery('C: claims and time', CLAIMS_CASES);
battery('D: input encoding and size', ENCODING_CASES);

test('no case leaves Object.prototype polluted', () => {
  expect((({}) as Record<string, unknown>).isAdmin).toBeUndefined();
});
