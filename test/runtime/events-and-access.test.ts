import express from 'express';
import { createClock } from '../../src/core/clock.js';
import { createControlRouter } from '../../src/core/control/control-router.js';
import { createFaultRegistry } from '../../src/core/control/fault-registry.js';
import { createEventBus, type FedlabEvent } from '../../src/core/events.js';
import { listen, type Listener } from '../../src/core/http/listen.js';
import { createLogger } from '../../src/core/logger.js';
import type { Fedlab } from '../../src/start-fedlab.js';
import { ACCOUNT, control, startRuntimeLab } from './support.js';

let fedlab: Fedlab;
beforeAll(async () => {
  fedlab = await startRuntimeLab();
});
afterAll(async () => {
  await fedlab?.close();
});

/** Read `event: fedlab` frames from a streaming fetch until `until` says stop. */
async function readEvents(url: string, until: (events: FedlabEvent[]) => boolean, headers: Record<string, string> = {}): Promise<{ events: FedlabEvent[]; raw: string; contentType: string | null }> {
  const controller = new AbortController();
  const res = await fedlab.fetch(url, { signal: controller.signal, headers });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let raw = '';
  const events: FedlabEvent[] = [];
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    raw += decoder.decode(value, { stream: true });
    const frames = raw.split('\n\n');
    events.length = 0;
    for (const frame of frames.slice(0, -1)) {
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (data) events.push(JSON.parse(data));
    }
  }
  controller.abort();
  return { events, raw, contentType: res.headers.get('content-type') };
}

test('GET /_fedlab/events streams new events as Server-Sent Events, filtered by type', async () => {
  const url = `${fedlab.urls.aws.endpoint}/_fedlab/events?replay=0&type=fault-injected,principal-added`;
  const reading = readEvents(url, (events) => events.length >= 2);
  await new Promise((r) => setTimeout(r, 100));
  fedlab.setClockOffset('aws', 0); // clock-set: filtered out
  const fault = fedlab.faults.inject('aws', { target: 'jwks', kind: 'timeout', accountId: ACCOUNT });
  fedlab.aws.addPrincipal(ACCOUNT, { arn: 'arn:aws:iam::111122223333:role/streamed', accessKeyId: 'AKIAFEDLABSTREAM0001', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLESTREAM' });
  const { events, raw, contentType } = await reading;
  expect(contentType).toBe('text/event-stream; charset=utf-8');
  expect(events.map((e) => e.type)).toEqual(['fault-injected', 'principal-added']);
  expect(events[0]).toMatchObject({ party: 'aws', faultId: fault.id, fault: { kind: 'timeout' } });
  expect(raw).toContain(`event: fedlab\nid: ${events[0]!.id}\ndata: {`);
  fedlab.faults.clear('aws');
});

test('the recent buffer is replayed first; Last-Event-ID resumes after an event; every listener serves it', async () => {
  fedlab.setClockOffset('vault', 5);
  fedlab.setClockOffset('vault', 0);
  const clockEvents = fedlab.events.recent().filter((e) => e.type === 'clock-set' && e.party === 'vault');
  const url = `${fedlab.urls.vault!.url}/_fedlab/events?party=vault&type=clock-set`;
  const replayed = await readEvents(url, (events) => events.length >= clockEvents.length);
  expect(replayed.events.map((e) => e.id)).toEqual(clockEvents.map((e) => e.id));

  const resumed = await readEvents(`${fedlab.entraAuthorityHost}/_fedlab/events?party=vault&type=clock-set`, (events) => events.length >= 1, { 'last-event-id': clockEvents.at(-2)!.id });
  expect(resumed.events.map((e) => e.id)).toEqual([clockEvents.at(-1)!.id]);
});

test('the vault listener has clock and events, and an empty fault list that refuses injections', async () => {
  const vault = control(fedlab, 'vault');
  expect((await vault('GET', '/faults')).body).toEqual({ value: [] });
  expect((await vault('POST', '/faults', { target: 'token', kind: 'throttle' })).body.error.code).toBe('UnsupportedFault');
  expect((await vault('PUT', '/clock', { offsetSeconds: -30 })).body.offsetSeconds).toBe(-30);
  expect(fedlab.clock('vault').offsetSeconds).toBe(-30);
  fedlab.setClockOffset('vault', 0);
});

describe('a listener bound to a non-loopback address wants the admin token', () => {
  let server: Listener;
  const token = 'fedlab-admin-token-for-tests-0001';
  beforeAll(async () => {
    const ctx = { events: createEventBus(), logger: createLogger({ level: 'silent' }), clock: createClock(), adminToken: token };
    const app = express();
    // Bound in truth to 127.0.0.1; told it is 192.0.2.10 (TEST-NET-1) to exercise the guard.
    app.use('/_fedlab', createControlRouter({ party: 'test', ctx, host: '192.0.2.10', faults: createFaultRegistry('test', ctx), parseFaultSpec: (body) => body as object }));
    server = await listen(app, { host: '127.0.0.1', port: 0 });
  });
  afterAll(() => server.close());

  test.each([
    [undefined, 401, 'Unauthorized'],
    ['Bearer wrong-token', 403, 'Forbidden'],
    [`Bearer ${token}`, 200, undefined],
  ])('Authorization %s → %i', async (authorization, status, code) => {
    const res = await fetch(`${server.url}/_fedlab/clock`, { headers: authorization ? { authorization } : {} });
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error?: { code: string } };
    if (code) expect(body.error?.code).toBe(code);
    else expect(body).toMatchObject({ offsetSeconds: 0 });
  });

  test('loopback listeners (fedlab’s default) are open, and the start reports whether a token is needed', async () => {
    expect((await control(fedlab, 'aws')('GET', '/clock')).status).toBe(200);
    expect(fedlab.admin).toMatchObject({ required: false, generated: true, token: expect.stringMatching(/^fedlab-admin-/) });
  });
});
