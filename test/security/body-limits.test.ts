import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Fedlab } from '../../src/start-fedlab.js';
import { runtimeConfig, startRuntimeLab } from '../runtime/support.js';

/** Issue #18: an oversized body gets 413 in each listener's own format, never a 500 or an HTML page (docs/security.md "Body limits"). */
let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startRuntimeLab(runtimeConfig());
});
afterAll(() => fedlab?.close());

interface Answer { status: number; body: string; type: string | undefined }

function send(url: string, method: string, headers: Record<string, string>, size: number): Promise<Answer> {
  const u = new URL(url);
  const make = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = make(u, { method, headers: { ...headers, 'content-length': String(size) }, ca: fedlab.ca, servername: 'localhost' }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = size;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

const MiB = 1024 * 1024;

test('every listener answers an oversized body with 413 in its own format', async () => {
  const aws = fedlab.urls.aws.endpoint;
  const entra = fedlab.urls.entra!.authorityHost;
  const vault = fedlab.urls.vault!.url;
  const consoleUrl = fedlab.urls.console!.url;
  // Graph and Key Vault authenticate first: without a token they answer 401 and never read the body
  // (their 413 with a token: V-02 in endpoint-battery.test.ts, the Graph parser's in test/graph).
  const cases: { name: string; url: string; method: string; type: string; format: 'xml' | 'json' | 'aws-json'; status?: number; headers?: Record<string, string> }[] = [
    { name: 'aws sts/iam (awsQuery)', url: `${aws}/`, method: 'POST', type: 'application/x-www-form-urlencoded', format: 'xml' },
    { name: 'aws json protocol', url: `${aws}/`, method: 'POST', type: 'application/x-amz-json-1.1', format: 'aws-json', headers: { 'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents' } },
    { name: 'aws /_fedlab', url: `${aws}/_fedlab/faults`, method: 'POST', type: 'application/json', format: 'json' },
    { name: 'entra token', url: `${entra}/${fedlab.tenantId}/oauth2/v2.0/token`, method: 'POST', type: 'application/x-www-form-urlencoded', format: 'json' },
    { name: 'entra graph', url: `${entra}/v1.0/applications`, method: 'POST', type: 'application/json', format: 'json', status: 401 },
    { name: 'entra /_fedlab', url: `${entra}/_fedlab/faults`, method: 'POST', type: 'application/json', format: 'json' },
    { name: 'vault', url: `${vault}/secrets/big?api-version=7.4`, method: 'PUT', type: 'application/json', format: 'json', status: 401 },
    { name: 'vault /_fedlab', url: `${vault}/_fedlab/faults`, method: 'POST', type: 'application/json', format: 'json' },
    { name: 'console api', url: `${consoleUrl}/api/decode`, method: 'POST', type: 'application/json', format: 'json' },
  ];
  const seen: Record<string, unknown>[] = [];
  for (const c of cases) {
    const answer = await send(c.url, c.method, { 'content-type': c.type, ...c.headers }, 2 * MiB);
    seen.push({ name: c.name, status: answer.status, type: answer.type, body: answer.body });
  }
  for (const s of seen) {
    const c = cases.find((x) => x.name === s.name)!;
    expect({ name: s.name, status: s.status }).toEqual({ name: s.name, status: c.status ?? 413 });
    if (c.format === 'xml') expect(s.type).toMatch(/xml/);
    else expect([s.name, s.type]).toEqual([s.name, expect.stringMatching(/json/)]);
    if (c.format === 'xml') expect(s.body).toContain('<Code>RequestEntityTooLarge</Code>');
    if (c.format === 'aws-json') expect(JSON.parse(s.body as string)).toMatchObject({ __type: 'RequestEntityTooLargeException' });
    if (c.name.includes('/_fedlab')) expect(JSON.parse(s.body as string)).toEqual({ error: { code: 'InvalidRequest', message: expect.stringContaining('too large') } });
    if (c.name === 'entra token') expect(JSON.parse(s.body as string)).toMatchObject({ error: 'invalid_request' });
    if (c.name === 'console api') expect(JSON.parse(s.body as string)).toEqual({ error: { code: 'invalid_body', message: 'the request body is too large' } });
    expect(s.body).not.toMatch(/<html|at [A-Za-z]+ \(/i);
  }
}, 120_000);
