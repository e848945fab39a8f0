import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { pino } from 'pino';
import { REDACTED_PATHS } from '../../src/core/logger.js';
import { queryError, rawRequest, signedHeaders, startTestAws, WORKLOAD, type TestAws } from '../aws/support.js';

/** The AWS side's request authentication (research §2.7, issue #5 "The AWS side"). */
let lab: TestAws;
const BODY = 'Action=GetWebIdentityToken&Version=2011-06-15&Audience.member.1=api%3A%2F%2FAzureADTokenExchange&SigningAlgorithm=RS256';

beforeAll(async () => {
  lab = await startTestAws();
});
afterAll(() => lab?.close());

async function post(signingDate: Date, mutate: (headers: Record<string, string>) => void = () => {}) {
  const headers = await signedHeaders(lab.aws.urls.endpoint, BODY, lab.credentials(WORKLOAD), { signingDate });
  mutate(headers);
  return rawRequest(lab.aws.urls.endpoint, { headers, body: BODY });
}

test('AWS-01 SigV4 replay window: a signed request is accepted for 15 minutes, then RequestExpired', async () => {
  expect((await post(new Date(Date.now() - 14 * 60_000))).status).toBe(200);
  const late = await post(new Date(Date.now() - 16 * 60_000));
  expect([late.status, queryError(late.body).code]).toEqual([400, 'RequestExpired']);
  expect(late.headers['content-type']).toMatch(/xml/);
  expect(late.body).not.toMatch(/\n\s+at /);
});

test('AWS-02 a signature of the right length but wrong value: SignatureDoesNotMatch (compared in constant time)', async () => {
  const res = await post(new Date(), (h) => (h.authorization = h.authorization!.replace(/Signature=([0-9a-f])/, (_, c: string) => `Signature=${c === '0' ? '1' : '0'}`)));
  expect([res.status, queryError(res.body).code]).toEqual([403, 'SignatureDoesNotMatch']);
  expect(res.body).not.toContain(lab.credentials(WORKLOAD).secretAccessKey);
});

test('AWS-03 logs redact Authorization, x-amz-security-token, assertions and tokens by default', () => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) });
  const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  const secret = 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/x, Signature=abc';
  logger.info({ req: { headers: { authorization: secret, 'x-amz-security-token': 'FwoGZXIvYXdzEXAMPLE' } }, form: { client_assertion: 'eyJ.assertion', subject_token: 'eyJ.subject', client_secret: 's3cret' }, response: { access_token: 'eyJ.access' } }, 'request');
  const line = lines.join('');
  for (const leaked of [secret, 'FwoGZXIvYXdzEXAMPLE', 'eyJ.assertion', 'eyJ.subject', 's3cret', 'eyJ.access']) expect(line).not.toContain(leaked);
  expect(line).toContain('[redacted]');
});
