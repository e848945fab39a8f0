import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEventBus, type EventBus } from '../../src/core/events.js';
import { createStateStore } from '../../src/core/state-dir.js';
import { createActivityLog } from '../../src/labs/activity.js';
import { createAttribution, type Attendee } from '../../src/labs/attendee.js';
import { createLabsService, type LabsService } from '../../src/labs/labs-service.js';
import { loadLabFile, parseLabDefinition } from '../../src/labs/load-lab.js';
import { createProgressStore } from '../../src/labs/progress.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const ME: Attendee = {
  id: 'default',
  accountId: '111122223333',
  region: 'us-east-1',
  principals: [{ arn: 'arn:aws:iam::111122223333:role/fedlab-workload', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }],
  tenantId: '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10',
  clientId: '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71',
  servicePrincipalId: '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910',
};

describe('goals as data, on a plain event stream', () => {
  let events: EventBus;
  let labs: LabsService;
  beforeEach(() => {
    events = createEventBus();
    const lab = parseLabDefinition({
      id: 'ops',
      title: 'Operators',
      exercises: [
        {
          id: 'one',
          title: 'One',
          page: 'one.md',
          goals: [
            { id: 'aud', description: 'orders audience, not RS256', event: 'token-minted', where: { audience: { matches: '^api://fedlab-' }, alg: { not: 'RS256' }, principal: '{{principal}}' } },
            { id: 'code', description: 'a refusal with one of two codes', event: 'exchange-rejected', where: { code: { in: [700212, 700213] }, detail: { exists: true } } },
            { id: 'order', description: 'refused then accepted', sequence: [{ event: 'exchange-rejected', where: {} }, { event: 'exchange-accepted', where: { clientId: '{{clientId}}' } }] },
          ],
        },
      ],
    });
    labs = createLabsService({ labs: [lab], attendees: [ME], events, store: createStateStore(), ca: '', urls: { awsEndpoint: 'http://127.0.0.1:1', issuers: {}, vaults: {}, listeners: [] } });
  });
  afterEach(() => labs.close());

  const goals = async () => Object.fromEntries((await labs.status()).labs[0]!.exercises[0]!.goals.map((g) => [g.id, g]));
  const who = { tenant: ME.tenantId, clientId: ME.clientId };

  test('matches, not, in and exists operators; template variables are the attendee', async () => {
    events.publish({ party: 'aws', type: 'token-minted', accountId: ME.accountId, principal: ME.principals[0]!.arn, audiences: ['api://fedlab-orders'], alg: 'RS256' });
    expect((await goals()).aud).toMatchObject({ done: false, hint: expect.stringContaining('alg is RS256') });
    // Someone else's account does not count for this attendee.
    events.publish({ party: 'aws', type: 'token-minted', accountId: '444455556666', principal: 'arn:aws:iam::444455556666:role/x', audiences: ['api://fedlab-orders'], alg: 'ES384' });
    expect((await goals()).aud!.done).toBe(false);
    events.publish({ party: 'aws', type: 'token-minted', accountId: ME.accountId, principal: ME.principals[0]!.arn, audiences: ['api://fedlab-orders'], alg: 'ES384' });
    expect((await goals()).aud!.done).toBe(true);

    events.publish({ party: 'entra', type: 'exchange-rejected', ...who, code: 700211, failedCheck: 'federated-credential', detail: 'x' });
    expect((await goals()).code!.done).toBe(false);
    events.publish({ party: 'entra', type: 'exchange-rejected', ...who, code: 700213, failedCheck: 'federated-credential' });
    expect((await goals()).code!.done).toBe(false);
    events.publish({ party: 'entra', type: 'exchange-rejected', ...who, code: 700213, failedCheck: 'federated-credential', detail: 'subject differs' });
    expect((await goals()).code!.done).toBe(true);
  });

  test('a sequence needs its steps in order; met goals stay met until a reset', async () => {
    events.publish({ party: 'entra', type: 'exchange-accepted', ...who });
    expect((await goals()).order!.done).toBe(false);
    events.publish({ party: 'entra', type: 'exchange-rejected', ...who, code: 700213 });
    expect((await goals()).order!.done).toBe(false);
    events.publish({ party: 'entra', type: 'exchange-accepted', ...who });
    expect((await goals()).order!.done).toBe(true);
  });
});

test('progress is kept in the state dir across restarts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-progress-'));
  try {
    const progress = createProgressStore(createStateStore(dir));
    progress.markDone('a01', 'lab', 'ex', 'goal', '2026-01-01T00:00:00.000Z');
    progress.flush();
    expect(createProgressStore(createStateStore(dir)).get('a01', 'lab', 'ex').done).toEqual({ goal: '2026-01-01T00:00:00.000Z' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("a facilitator's custom lab (test fixture) checked against a running fedlab", () => {
  let fedlab: Fedlab;
  beforeAll(async () => {
    fedlab = await startFedlab({ ports: 'auto', labsDir: join(here, 'fixtures/custom') });
  });
  afterAll(async () => {
    await fedlab?.close();
  });

  test('only the custom lab is loaded, and its goals move from not done to done with real SDK calls', async () => {
    const labs = fedlab.labs!.service;
    expect(labs.labs.map((l) => l.definition.id)).toEqual(['custom-drill']);
    const principal = fedlab.config.aws.accounts[0]!.principals[0]!.arn;
    const sts = fedlab.stsClient(principal);
    const { GetWebIdentityTokenCommand } = await import('@aws-sdk/client-sts');
    try {
      await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://fedlab-orders'], SigningAlgorithm: 'RS256' }));
      let exercise = (await labs.status()).labs[0]!.exercises[0]!;
      expect(exercise).toMatchObject({ done: false, hint: expect.stringContaining('alg is RS256 (expected ES384)') });
      await sts.send(new GetWebIdentityTokenCommand({ Audience: ['api://fedlab-orders'], SigningAlgorithm: 'ES384' }));
      exercise = (await labs.status()).labs[0]!.exercises[0]!;
      expect(exercise.goals.map((g) => g.done)).toEqual([true, false]);
      expect((await labs.answer('custom-drill', 1, 'account', fedlab.config.aws.accounts[0]!.id)).exercise.done).toBe(true);
    } finally {
      sts.destroy();
    }
  });

  test('the embedded configuration names no course: no labs API; the lab configuration loads its course only', async () => {
    const plain = await startFedlab({ ports: 'auto' });
    try {
      expect(plain.labs).toBeUndefined();
      expect((await fetch(`${plain.urls.console!.url}/api/labs/status`)).status).toBe(404);
    } finally {
      await plain.close();
    }
    await expect(startFedlab({ ports: 'auto', config: { ...(await import('../../src/config.js')).loadFedlabConfig(), labs: { courses: ['no-such-course'] } } })).rejects.toThrow(/labs\.courses: no course no-such-course .*known: federation-101/);
  });

  test('fedlab refuses to start with a malformed lab definition, naming the file and the key path', async () => {
    expect(loadLabFile(join(here, 'fixtures/custom/custom.lab.yaml')).definition.exercises).toHaveLength(1);
    await expect(startFedlab({ ports: 'auto', labsDir: join(here, 'fixtures/malformed') })).rejects.toThrow(/malformed\.lab\.yaml:\n.*exercises\[0\]\.goals\[0\]\.where\.principal: unknown variable/);
  });
});

describe('federation-101 goals tick only when earned', () => {
  const course = loadLabFile(fileURLToPath(new URL('../../labs/federation-101.lab.yaml', import.meta.url)));
  const P = ME.principals[0]!.arn;
  const AUD = 'api://AzureADTokenExchange';
  const ISSUER = 'http://issuer';
  const who = { tenant: ME.tenantId, clientId: ME.clientId };
  let events: EventBus;
  let labs: LabsService;
  beforeEach(() => {
    events = createEventBus();
    labs = createLabsService({ labs: [course], attendees: [ME], events, store: createStateStore(), ca: '', urls: { awsEndpoint: 'http://127.0.0.1:1', issuers: { [ME.accountId]: ISSUER }, vaults: {}, listeners: [] } });
  });
  afterEach(() => labs.close());

  const done = async (n: number, id: string) => (await labs.status()).labs[0]!.exercises[n - 1]!.goals.find((g) => g.id === id)!.done;
  const mint = (jti: string, principal = P, audiences = [AUD]) => events.publish({ party: 'aws', type: 'token-minted', accountId: ME.accountId, principal, audiences, alg: 'RS256', jti });
  const refused = (code: number, failedCheck: string, assertion: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    events.publish({ party: 'entra', type: 'exchange-rejected', ...who, code, failedCheck, assertion: { iss: 'http://issuer', sub: P, aud: AUD, verified: false, ...assertion }, ...extra });

  test('subject differing only in case: 7002138 on a minted token; not 700213, a hand-made token, a tampered one or another app', async () => {
    mint('j1');
    refused(700213, 'federated-credential', { jti: 'j1' });
    expect(await done(6, 'subject-case')).toBe(false);
    refused(7002138, 'federated-credential', { jti: 'never-minted' });
    expect(await done(6, 'subject-case')).toBe(false);
    refused(7002138, 'federated-credential', { jti: 'j1', aud: 'api://AzureADTokenExchnage' });
    expect(await done(6, 'subject-case')).toBe(false);
    refused(7002138, 'federated-credential', { jti: 'j1' }, { clientId: '00000000-0000-4000-8000-000000000001' });
    expect(await done(6, 'subject-case')).toBe(false);
    refused(7002138, 'federated-credential', { jti: 'j1' });
    expect(await done(6, 'subject-case')).toBe(true);
  });

  test('an expired token counts only when its signature verified and fedlab minted it', async () => {
    mint('j2');
    refused(700024, 'time-window', { jti: 'j2', verified: false });
    refused(700024, 'time-window', { jti: 'forged', verified: true });
    refused(700212, 'federated-credential', { jti: 'j2' });
    expect(await done(6, 'expired')).toBe(false);
    refused(700024, 'time-window', { jti: 'j2', verified: true });
    expect(await done(6, 'expired')).toBe(true);
  });

  test('a misspelt audience: 700212 for a token minted with that audience; not another code, another principal or an unminted token', async () => {
    mint('j3', P, ['api://AzureADTokenExchnage']);
    mint('j4', 'arn:aws:iam::111122223333:role/other', ['api://AzureADTokenExchnage']);
    refused(700211, 'federated-credential', { jti: 'j3', aud: 'api://AzureADTokenExchnage' });
    refused(700212, 'federated-credential', { jti: 'j4', aud: 'api://AzureADTokenExchnage' });
    refused(700212, 'federated-credential', { jti: 'j5', aud: 'api://AzureADTokenExchnage' });
    expect(await done(6, 'wrong-audience')).toBe(false);
    refused(700212, 'federated-credential', { jti: 'j3', aud: 'api://AzureADTokenExchnage' });
    expect(await done(6, 'wrong-audience')).toBe(true);
  });

  test("flexible credentials: Graph's refusal of the AWS expression counts only at claims-expression-policy on the attendee's issuer; a fork refusal only once the signature verified", async () => {
    const ficRejected = (failedCheck: string, issuer: string) =>
      events.publish({ party: 'entra', type: 'fic-rejected', tenant: ME.tenantId, appId: ME.clientId, credential: { name: 'aws-any-role', issuer }, status: 400, code: 'InvalidFederatedIdentityCredentialValue', failedCheck });
    ficRejected('credential-rules', ISSUER);
    ficRejected('claims-expression-policy', 'https://other.example');
    expect(await done(8, 'aws-refused')).toBe(false);
    ficRejected('claims-expression-policy', ISSUER);
    expect(await done(8, 'aws-refused')).toBe(true);
    const fork = { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:fabrikam/payments-api:ref:refs/heads/main' };
    refused(7002131, 'claims-expression', { ...fork, verified: false });
    expect(await done(8, 'fork-refused')).toBe(false);
    refused(7002131, 'claims-expression', { ...fork, verified: true });
    expect(await done(8, 'fork-refused')).toBe(true);
  });

  test('what a reset does for the attendee never ticks a goal', async () => {
    const activity = createActivityLog({ events, attribute: createAttribution([ME]) });
    await activity.resetting(ME.id, async () => {
      events.publish({ party: 'aws', type: 'federation-enabled', accountId: ME.accountId });
    });
    events.publish({ party: 'aws', type: 'federation-enabled', accountId: '444455556666' });
    expect(activity.of(ME.id).map((a) => a.byReset)).toEqual([true]);
    activity.close();
  });
});
