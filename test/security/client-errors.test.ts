import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import type { Fedlab } from '../../src/start-fedlab.js';
import { ACCOUNT, INSTANCE, TASK, startEveryListener } from './helpers/every-listener.js';

/**
 * docs/security.md "Requests Node cannot take": headers over 16 KiB and a request line that is not
 * HTTP/1.1 never reach a route; every listener still answers them in its own format, naming the
 * check (Node's own 431 and 400 have no body).
 */
let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startEveryListener();
});
afterAll(() => fedlab?.close());

interface RawAnswer { status: number; headers: Record<string, string>; body: string }

/** Send raw bytes to a listener (TLS for https://) and read what it answers until it closes. */
function raw(url: string, bytes: string): Promise<RawAnswer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const port = Number(u.port);
    const socket: Socket = u.protocol === 'https:' ? tlsConnect({ port, host: '127.0.0.1', ca: fedlab.ca, servername: 'localhost' }) : netConnect(port, '127.0.0.1');
    let text = '';
    socket.once(u.protocol === 'https:' ? 'secureConnect' : 'connect', () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    socket.on('close', () => {
      const [head = '', body = ''] = text.split(/\r\n\r\n/, 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: text.slice(head.length + 4) || body });
    });
  });
}

const BIG_HEADERS = `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20 * 1024)}\r\n\r\n`;
const NOT_HTTP = 'HELLO THERE\r\n\r\n';

function listeners(): Record<string, string> {
  return {
    aws: fedlab.listeners.aws,
    entra: fedlab.listeners.entra!,
    vault: fedlab.listeners.vault!,
    arm: fedlab.listeners.arm!,
    console: fedlab.listeners.console!,
    github: fedlab.urls.github!.url,
    imds: fedlab.aws.urls.imds[INSTANCE]!,
    containerCredentials: new URL(fedlab.aws.ecsEnvironment(ACCOUNT, TASK).AWS_CONTAINER_CREDENTIALS_FULL_URI!).origin,
  };
}

/** What the body says, in the listener's format: awsQuery XML on the AWS listener, `{"error":{"code","message"}}` elsewhere. */
function codeAndMessage(name: string, body: string): { code?: string; message?: string } {
  if (name === 'aws') return { code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1], message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1] };
  const parsed = JSON.parse(body) as { error: { code: string; message: string } };
  return parsed.error;
}

test('CLE-01 headers over 16 KiB: 431 on every listener, in its format, naming check header-size', async () => {
  for (const [name, url] of Object.entries(listeners())) {
    const answer = await raw(url, BIG_HEADERS);
    expect({ name, status: answer.status, check: answer.headers['x-fedlab-failed-check'], connection: answer.headers.connection }).toEqual({ name, status: 431, check: 'header-size', connection: 'close' });
    expect({ name, ...codeAndMessage(name, answer.body) }).toEqual({ name, code: 'RequestHeaderFieldsTooLarge', message: 'the request headers are larger than 16 KiB (check header-size)' });
    expect(answer.headers['content-type']).toBe(name === 'aws' ? 'text/xml' : 'application/json; charset=utf-8');
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
  }
}, 60_000);

test('CLE-02 a request that is not HTTP/1.1: 400 on every listener, in its format, naming check request-line', async () => {
  for (const [name, url] of Object.entries(listeners())) {
    const answer = await raw(url, NOT_HTTP);
    expect({ name, status: answer.status, check: answer.headers['x-fedlab-failed-check'] }).toEqual({ name, status: 400, check: 'request-line' });
    expect({ name, ...codeAndMessage(name, answer.body) }).toEqual({ name, code: 'BadRequest', message: 'the request could not be parsed as HTTP/1.1 (check request-line)' });
  }
  // The AWS answer is a Sender fault an SDK parses like any other awsQuery error.
  const aws = await raw(fedlab.listeners.aws, NOT_HTTP);
  expect(aws.body).toMatch(/<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">[\s\S]*<Type>Sender<\/Type>[\s\S]*<RequestId>[0-9a-f-]{36}<\/RequestId>/);
  expect(aws.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
}, 60_000);

test('CLE-03 a listener keeps answering after such requests', async () => {
  for (const [name, url] of Object.entries(listeners())) {
    await raw(url, BIG_HEADERS);
    const after = await raw(url, 'GET /this-path-is-not-served HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect([name, after.status > 0 && after.status < 500]).toEqual([name, true]);
  }
}, 60_000);
