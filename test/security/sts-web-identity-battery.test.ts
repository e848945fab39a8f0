import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { providerArn, providerHost } from '../../src/aws/oidc/provider-store.js';
import { rawRequest, startTestAws, type TestAws } from '../aws/support.js';
import type { TokenCase } from './cases/case.js';
import { CLAIMS_CASES } from './cases/claims-cases.js';
import { ENCODING_CASES } from './cases/encoding-cases.js';
import { SIGNATURE_CASES } from './cases/signature-cases.js';
import { AUDIENCE, startSecurityLab, type SecurityLab } from './helpers/security-lab.js';

/**
 * The forged-token battery through sts:AssumeRoleWithWebIdentity: the same crafted tokens that
 * Entra's client-assertion path sees, against an IAM OIDC provider for the battery's issuer whose
 * client id is the battery's audience. What Entra refuses, STS refuses too, in awsQuery XML with
 * AWS's codes and the failed check named; nothing makes it answer 5xx.
 */
const ROLE = 'arn:aws:iam::444455556666:role/battery-target';
const REFUSAL_CODES = ['InvalidIdentityToken', 'ExpiredTokenException', 'IDPCommunicationError', 'ValidationError', 'AccessDenied'];

/**
 * Where STS answers differently from Entra's client-assertion path, and why. Everything else is
 * refused (or accepted) on both.
 */
type Answer = 'accept' | 'refused';
const STS_ANSWERS: Readonly<Record<string, { answer: Answer | Answer[]; why: string }>> = {
  'C-05b': { answer: ['refused', 'accept'], why: 'STS allows no clock skew on exp (Entra allows five minutes); AWS documents none [U]' },
  'C-08': { answer: 'refused', why: 'no skew on nbf or iat either' },
  'C-07b': { answer: 'accept', why: 'STS caps the session, not the web identity token lifetime; AWS documents no token lifetime cap [U]' },
  'C-09': { answer: 'accept', why: 'the same: no token lifetime cap' },
  'C-10': { answer: 'accept', why: 'iat is not required by STS (exp and sub are)' },
  'C-12': { answer: 'accept', why: 'the subject is the trust policy\'s to judge (<provider>:sub); this role does not condition it' },
  'C-12b': { answer: 'accept', why: 'the same: the provider is found by iss, the subject is left to the trust policy' },
  'D-05b': { answer: 'accept', why: 'the same' },
  'D-07': { answer: 'accept', why: 'the same' },
  'D-12': { answer: 'accept', why: 'the same; the claims only reach the event bus and CloudTrail as data' },
  'C-17': { answer: 'accept', why: 'jti is not read by STS' },
  'D-08b': { answer: ['accept', 'refused'], why: 'STS takes web identity tokens up to 20,000 characters (the model\'s bound), not Entra\'s 16 KiB: 16,400 passes, 40,000 does not' },
};

let lab: SecurityLab;
let aws: TestAws;
beforeAll(async () => {
  lab = await startSecurityLab();
  const issuer = lab.kit('ca').issuer;
  const provider = providerArn('aws', '444455556666', issuer);
  aws = await startTestAws((config) => {
    config.accounts[1].oidcProviders = [{ url: issuer, clientIds: [AUDIENCE] }];
    config.accounts[1].roles = [
      {
        arn: ROLE,
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Federated: provider }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { [`${providerHost(issuer)}:aud`]: AUDIENCE } } }],
        },
      },
    ];
  });
});
afterAll(async () => {
  await aws?.close();
  await lab?.close();
});

const assumeWith = (token: string) =>
  rawRequest(aws.aws.urls.endpoint, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ Action: 'AssumeRoleWithWebIdentity', Version: '2011-06-15', RoleArn: ROLE, RoleSessionName: 'battery', WebIdentityToken: token }).toString(),
  });

function battery(family: string, cases: readonly TokenCase[]): void {
  describe(family, () => {
    for (const c of cases.filter((c) => c.expect.entra !== undefined)) {
      const answers = STS_ANSWERS[c.id]?.answer ?? (c.expect.entra === 'accept' ? 'accept' : 'refused');
      test(`${c.id} ${c.title} [sts] → ${[answers].flat().join(', ')}`, async () => {
        const tokens = await c.make(lab.kit('ca'), lab);
        for (const [index, token] of tokens.entries()) {
          const accepted = (Array.isArray(answers) ? answers[index] : answers) === 'accept';
          const answer = await assumeWith(token);
          const code = /<Code>([^<]+)<\/Code>/.exec(answer.body)?.[1];
          const seen = { case: c.id, variant: index, status: answer.status, code };
          if (accepted) {
            expect(seen).toEqual({ case: c.id, variant: index, status: 200, code: undefined });
            expect(answer.body).toContain('<AccessKeyId>ASIA');
          } else {
            expect(answer.status).toBeGreaterThanOrEqual(400);
            expect(answer.status).toBeLessThan(500);
            expect(REFUSAL_CODES).toContain(code);
            expect(answer.headers['x-fedlab-failed-check']).toBeTruthy();
            expect(answer.body).not.toContain('<Credentials>');
          }
          expect(lab.canary.hits).toBe(0);
        }
      });
    }
  });
}

battery('A: signature and algorithm', SIGNATURE_CASES);
battery('C: claims and time', CLAIMS_CASES);
battery('D: input encoding and size', ENCODING_CASES);
