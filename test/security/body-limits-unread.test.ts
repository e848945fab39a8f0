import { request as httpRequest, type Agent } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Fedlab } from '../../src/start-fedlab.js';
import { ACCOUNT, INSTANCE, TASK, startEveryListener } from './helpers/every-listener.js';

/**
 * Issue #18, docs/security.md "Body limits": the listeners that read no body (IMDS, the container
 * credentials endpoint, the proxy's own route) refuse a large one with 413 in their own format and
 * do nothing else; through the proxy, a large body gets its listener's own 413; headers over Node's
 * 16 KiB get 431.
 */
let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startEveryListener();
});
afterAll(() => fedlab?.close());

const MiB = 1024 * 1024;

interface Answer { status: number; body: string; headers: Record<string, string | string[] | undefined> }
interface Send { url: string; method: string; headers?: Record<string, string>; size: number; chunked?: boolean; agent?: Agent; host?: string }

/** A request with a body of `size` bytes, declared (Content-Length) or chunked; the answer as soon as it comes. */
function send({ url, method, headers = {}, size, chunked, agent, host }: Send): Promise<Answer> {
  const u = new URL(url);
  const make = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = make(
      u,
      { method, agent, ca: fedlab.ca, headers: { ...headers, ...(host ? { host } : {}), ...(chunked || size === 0 ? {} : { 'content-length': String(size) }) }, ...(u.protocol === 'https:' && !agent ? { servername: 'localhost' } : {}) },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = size;
    const pump = () => {
      while (left > 0 && !req.destroyed) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

const aws = () => fedlab.aws;
const eventsSince = (n: number) => fedlab.events.recent().slice(n).map((e) => ({ type: e.type, failedCheck: (e as { failedCheck?: string }).failedCheck }));

test('BDY-01 the proxy: its own route refuses a body over 64 KiB (413, its JSON); through a tunnel STS and Entra give their own 413; headers over 16 KiB: 431', async () => {
  const proxy = `http://127.0.0.1:${fedlab.proxy!.port}`;
  const own = await send({ url: `${proxy}/health`, method: 'POST', headers: { 'content-type': 'application/json' }, size: 2 * MiB });
  expect(own.status).toBe(413);
  expect(own.headers['content-type']).toBe('application/json');
  expect(own.headers['x-fedlab-proxy-check']).toBe('body-size');
  expect(JSON.parse(own.body)).toEqual({ error: 'RequestEntityTooLarge', check: 'body-size', message: "the request body is larger than 64 KiB (the proxy's own route reads none)" });
  const chunked = await send({ url: `${proxy}/health`, method: 'POST', size: 2 * MiB, chunked: true });
  expect([chunked.status, chunked.headers['x-fedlab-proxy-check']]).toEqual([413, 'body-size']);
  const within = await send({ url: `${proxy}/health`, method: 'POST', size: 1024 });
  expect([within.status, JSON.parse(within.body)]).toEqual([200, { status: 'ok', party: 'proxy' }]);

  const agent = fedlab.proxyAgent() as unknown as Agent;
  const before = fedlab.events.recent().length;
  const sts = await send({ url: 'https://sts.amazonaws.com/', method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded' }, size: 2 * MiB });
  expect(sts.status).toBe(413);
  expect(sts.headers['content-type']).toMatch(/xml/);
  expect(sts.body).toContain('<Code>RequestEntityTooLarge</Code>');
  const entra = await send({ url: `https://login.microsoftonline.com/${fedlab.tenantId}/oauth2/v2.0/token`, method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded' }, size: 2 * MiB });
  expect(entra.status).toBe(413);
  expect(JSON.parse(entra.body)).toMatchObject({ error: 'invalid_request' });
  expect(entra.body).not.toContain('access_token');
  // Nothing happened but the refusals.
  for (const e of eventsSince(before)) expect(e.type).toMatch(/reject|refus/);

  const bigHeaders = await send({ url: `${proxy}/health`, method: 'GET', headers: { 'x-big': 'a'.repeat(20 * 1024) }, size: 0 });
  expect(bigHeaders.status).toBe(431);
  expect(JSON.parse(bigHeaders.body)).toEqual({ error: 'RequestHeaderFieldsTooLarge', check: 'header-size', message: 'the request headers are larger than 16 KiB' });
}, 60_000);

test('BDY-02 IMDS refuses a body over 64 KiB on PUT /latest/api/token (413, its empty text/plain, check body-size): no token is made', async () => {
  const imds = aws().urls.imds[INSTANCE]!;
  const before = fedlab.events.recent().length;
  const ttl = { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' };
  for (const chunked of [false, true]) {
    const answer = await send({ url: `${imds}/latest/api/token`, method: 'PUT', headers: ttl, size: 2 * MiB, chunked });
    expect({ chunked, status: answer.status, body: answer.body, type: answer.headers['content-type'], check: answer.headers['x-fedlab-failed-check'], ttl: answer.headers['x-aws-ec2-metadata-token-ttl-seconds'] }).toEqual({ chunked, status: 413, body: '', type: 'text/plain; charset=utf-8', check: 'body-size', ttl: undefined });
    expect(answer.headers.connection).toBe('close');
  }
  expect(eventsSince(before)).toEqual([{ type: 'imds-rejected', failedCheck: 'body-size' }, { type: 'imds-rejected', failedCheck: 'body-size' }]);
  // The request an SDK sends (no body) is answered; a small body is drained and answered too.
  for (const size of [0, 1024]) {
    const token = await send({ url: `${imds}/latest/api/token`, method: 'PUT', headers: ttl, size });
    expect([size, token.status, token.body.length]).toEqual([size, 200, 56]);
  }
  const bigHeaders = await send({ url: `${imds}/latest/api/token`, method: 'PUT', headers: { ...ttl, 'x-big': 'a'.repeat(20 * 1024) }, size: 0 });
  expect(bigHeaders.status).toBe(431);
}, 60_000);

test('BDY-03 the container credentials endpoint refuses a body over 64 KiB (413, its JSON): no credentials answered', async () => {
  const { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: authorization } = aws().ecsEnvironment(ACCOUNT, TASK);
  const headers = { authorization: authorization! };
  const answer = await send({ url: uri!, method: 'GET', headers, size: 2 * MiB });
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.body)).toEqual({ code: 'RequestEntityTooLarge', message: 'the request body is larger than 64 KiB (this endpoint reads none)', HTTPErrorCode: 413 });
  expect(answer.headers['x-fedlab-failed-check']).toBe('body-size');
  expect(answer.body).not.toMatch(/AccessKeyId|SecretAccessKey|Token"/);
  const ok = await send({ url: uri!, method: 'GET', headers, size: 0 });
  expect([ok.status, Object.keys(JSON.parse(ok.body))]).toEqual([200, ['RoleArn', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']]);
}, 60_000);
