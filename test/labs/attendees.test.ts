import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { loadFedlabConfig, parseFedlabConfig } from '../../src/config.js';
import { expandAttendees } from '../../src/labs/attendees.js';
import { attendeeHandouts, type AttendeeHandout } from '../../src/labs/attendees-file.js';
import { runLabReset, runLabStatus } from '../../src/commands/lab.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { attendeeClient, type AttendeeClient, type AttendeeKit } from './helpers/attendee-client.js';

const LAB_CONFIG = fileURLToPath(new URL('../../labs/fedlab-lab.yaml', import.meta.url));
const LAB = 'federation-101';

describe('expandAttendees (config → config)', () => {
  const base = loadFedlabConfig(LAB_CONFIG);

  test('each attendee gets an account, keys, tenant, applications and a vault of their own; the result is a valid configuration', () => {
    const { config, attendees } = expandAttendees(base, { count: 3, seed: 'seed-one' });
    expect(() => parseFedlabConfig(config)).not.toThrow();
    // Every attendee's account joins the template's organization as a member; the management account stays the facilitator's alone.
    expect(config.aws.accounts.filter((a) => a.organization?.management).map((a) => a.id)).toEqual(['123456789012']);
    expect(config.aws.accounts.find((a) => a.id === '900000000002')!.organization).toMatchObject({ id: 'o-exampleorg1', management: false });
    expect(attendees.map((a) => a.id)).toEqual(['a01', 'a02', 'a03']);
    expect(attendees.map((a) => a.accountId)).toEqual(['900000000001', '900000000002', '900000000003']);
    for (const a of attendees) {
      expect(a.accountId).toMatch(/^\d{12}$/);
      expect(a.principals.map((p) => p.arn)).toEqual([`arn:aws:iam::${a.accountId}:role/lab-workload`, `arn:aws:iam::${a.accountId}:role/lab-restricted`, `arn:aws:iam::${a.accountId}:user/lab-iam-admin`]);
      expect(a.principals[0]!.accessKeyId).toMatch(/^AKIALAB\d{3}P0XEXAMPLE$/);
      expect(a.tenantId).toMatch(/^8c1f6a52-3c0e-4f2e-9d51-0000000a\d{4}$/);
      expect(a.vaultName).toBe(`fedlab-lab-vault-${a.id}`);
    }
    const all = (pick: (a: (typeof attendees)[number]) => string) => new Set(attendees.map(pick)).size;
    expect(all((a) => a.tenantId)).toBe(3);
    expect(all((a) => a.clientId)).toBe(3);
    expect(all((a) => a.servicePrincipalId)).toBe(3);
    expect(all((a) => a.principals[0]!.secretAccessKey)).toBe(3);
    expect(all((a) => a.admin!.clientSecret)).toBe(3);
    // The copies keep the template's shape: the vault grants the attendee's own service principal, the Graph grant the attendee's admin app.
    const vault = config.vaults.find((v) => v.tenant === attendees[1]!.tenantId)!;
    expect(vault.accessPolicies.map((p) => p.objectId)).toEqual([attendees[1]!.servicePrincipalId]);
    const graph = config.entra!.tenants.find((t) => t.id === attendees[1]!.tenantId)!.resources.find((r) => r.identifierUri === 'https://graph.microsoft.com')!;
    expect(graph.grants[0]!.appId).toBe(attendees[1]!.admin!.clientId);
    // The template (the facilitator's) stays as it was.
    expect(config.aws.accounts[0]).toEqual(base.aws.accounts[0]);
  });

  test('secrets come from the seed: the same seed gives the same room, another seed other secrets', () => {
    const one = expandAttendees(base, { count: 2, seed: 'seed-one' }).attendees;
    expect(expandAttendees(base, { count: 2, seed: 'seed-one' }).attendees).toEqual(one);
    const other = expandAttendees(base, { count: 2, seed: 'seed-two' }).attendees;
    expect(other[0]!.principals[0]!.accessKeyId).toBe(one[0]!.principals[0]!.accessKeyId);
    expect(other[0]!.principals[0]!.secretAccessKey).not.toBe(one[0]!.principals[0]!.secretAccessKey);
    expect(other[0]!.admin!.clientSecret).not.toBe(one[0]!.admin!.clientSecret);
  });

  test('a count out of range is refused', () => {
    expect(() => expandAttendees(base, { count: 0, seed: 's' })).toThrow(RangeError);
    expect(() => expandAttendees(base, { count: 1000, seed: 's' })).toThrow(RangeError);
  });
});

describe('a room of two attendees', () => {
  let fedlab: Fedlab;
  let handouts: AttendeeHandout[];
  let a1: AttendeeClient;
  let a2: AttendeeClient;
  let scratch: string;
  const kit = (h: AttendeeHandout): AttendeeKit => ({
    awsEndpoint: h.aws.endpoint,
    region: h.aws.region,
    principals: h.aws.principals,
    authorityHost: h.entra!.authorityHost,
    tenantId: h.entra!.tenantId,
    clientId: h.entra!.clientId,
    admin: h.entra!.graphAdmin!,
    vaultUrl: h.vault!.url,
    ca: fedlab.ca,
  });

  beforeAll(async () => {
    fedlab = await startFedlab({ configFile: LAB_CONFIG, ports: 'auto', attendees: 2 });
    handouts = attendeeHandouts(fedlab.attendees!, fedlab.urls);
    [a1, a2] = handouts.map((h) => attendeeClient(kit(h))) as [AttendeeClient, AttendeeClient];
    scratch = mkdtempSync(join(tmpdir(), 'fedlab-labs-'));
    writeFileSync(join(scratch, 'urls.json'), JSON.stringify(fedlab.urls));
  });
  afterAll(async () => {
    a1?.destroy();
    a2?.destroy();
    await fedlab?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const status = async (attendee?: string) => (await fetch(`${fedlab.urls.console!.url}/api/labs/status${attendee ? `?attendee=${attendee}` : ''}`)).json() as Promise<Record<string, unknown>>;
  const exerciseOf = async (attendee: string, n: number) => ((await status(attendee)).labs as { id: string; exercises: { done: boolean }[] }[]).find((l) => l.id === LAB)!.exercises[n - 1]!;

  test('the handout names each attendee their own account, issuer, tenant and vault', () => {
    expect(handouts).toHaveLength(2);
    expect(handouts[0]!.aws.accountId).not.toBe(handouts[1]!.aws.accountId);
    expect(handouts[0]!.aws.issuer).not.toBe(handouts[1]!.aws.issuer);
    expect(handouts[0]!.vault!.url).not.toBe(handouts[1]!.vault!.url);
    expect(handouts[0]!.console!.progress).toContain('attendee=a01');
    expect(handouts[0]!.console!.page).toMatch(/\/\?attendee=a01$/);
  });

  test("an attendee's credentials mint only for their own account, and only their own progress moves", async () => {
    await a1.enableFederation();
    const token = decodeJwt(await a1.mint());
    expect(token.iss).toBe(handouts[0]!.aws.issuer);
    expect(token.sub).toBe(`arn:aws:iam::${handouts[0]!.aws.accountId}:role/lab-workload`);
    expect((token['https://sts.amazonaws.com/'] as { aws_account: string }).aws_account).toBe(handouts[0]!.aws.accountId);

    // a01's key id with a02's secret: the signature does not match, nothing is minted for a02.
    const mixed = new STSClient({ endpoint: fedlab.urls.aws.endpoint, region: 'us-east-1', maxAttempts: 1, credentials: { accessKeyId: handouts[0]!.aws.principals[0]!.accessKeyId, secretAccessKey: handouts[1]!.aws.principals[0]!.secretAccessKey } });
    await expect(mixed.send(new GetWebIdentityTokenCommand({ Audience: ['api://AzureADTokenExchange'], SigningAlgorithm: 'RS256' }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    mixed.destroy();
    // a02's account is untouched by a01's switch.
    await expect(a2.mint()).rejects.toMatchObject({ name: 'OutboundWebIdentityFederationDisabledException' });

    expect((await exerciseOf('a01', 1)).done).toBe(false); // the issuer answer is still missing
    expect(((await status('a01')).labs as { exercises: { goals: { id: string; done: boolean }[] }[] }[])[0]!.exercises[0]!.goals.find((g) => g.id === 'enabled')!.done).toBe(true);
    expect(((await status('a02')).labs as { exercises: { goals: { id: string; done: boolean }[] }[] }[])[0]!.exercises[0]!.goals.find((g) => g.id === 'enabled')!.done).toBe(false);
  });

  test("an attendee's token is not trusted by another tenant, and their Entra token cannot read another attendee's vault", async () => {
    const issuer = await a1.issuer();
    expect((await a1.createFic({ name: 'mine', issuer, subject: handouts[0]!.aws.principals[0]!.arn, audiences: ['api://AzureADTokenExchange'] })).status).toBe(201);
    // a01's Graph admin acts in a01's tenant only: a02's application does not exist there.
    expect((await a1.graph('GET', `/applications(appId='${handouts[1]!.entra!.clientId}')/federatedIdentityCredentials`)).status).toBe(404);

    expect((await a1.secrets().getSecret('lab-secret')).value).toContain('federation works');
    // a02's vault challenges for a02's tenant: SecretClient will not even send a01's credential there...
    await expect(a1.secrets({ vaultUrl: handouts[1]!.vault!.url }).getSecret('lab-secret')).rejects.toMatchObject({ name: 'CredentialUnavailableError' });
    // ...and a01's vault token presented by hand is refused by a02's vault (a vault trusts its own tenant only).
    const a1Token = await a1.credential(() => a1.mint()).getToken('https://vault.azure.net/.default');
    const foreignRead = await a1.fetch(`${handouts[1]!.vault!.url}/secrets/lab-secret?api-version=7.5`, { headers: { authorization: `Bearer ${a1Token.token}` } });
    expect(foreignRead.status).toBe(401);
    expect(((await foreignRead.json()) as { error: { code: string } }).error.code).toBe('Unauthorized');

    // a02's application at a02's tenant, presented a01's AWS token: no credential trusts a01's issuer.
    const foreign = a2.credential(() => a1.mint());
    await expect(foreign.getToken('https://vault.azure.net/.default')).rejects.toThrow(/AADSTS700211/);
    expect((await exerciseOf('a01', 5)).done).toBe(true);
    expect((await exerciseOf('a02', 5)).done).toBe(false);
  });

  test('the facilitator sees who is where; a reset touches only its attendee', async () => {
    const overview = (await status()) as { attendees: { id: string; done: number; current: { n: number } | null }[]; labs: { exercises: { n: number; doneBy: string[]; working: string[] }[] }[] };
    expect(overview.attendees.map((a) => a.id)).toEqual(['a01', 'a02']);
    expect(overview.attendees[0]!.done).toBeGreaterThan(overview.attendees[1]!.done);
    expect(overview.attendees[1]!.current).toMatchObject({ n: 1 });
    expect(overview.labs[0]!.exercises[0]!.working).toContain('a02');
    expect(overview.labs[0]!.exercises[4]!.doneBy).toEqual(['a01']);

    let printed = '';
    const out = { write: (text: string) => (printed += text) };
    expect(await runLabStatus({ stateDir: scratch, all: true }, out)).toBe(0);
    expect(await runLabStatus({ stateDir: scratch, attendee: 'a02' }, out)).toBe(0);
    await a2.enableFederation();
    expect(await runLabReset('1', { stateDir: scratch, attendee: 'a01' }, out)).toBe(0);
    expect(printed).toMatch(/a01\s+\d+\/\d+\s+federation-101 #1 Enable outbound federation/);
    expect(printed).toMatch(/a02\s+0\/\d+\s+federation-101 #1/);
    expect(printed).toContain('attendee a02');
    expect(printed).toContain('[ ] 1. Enable outbound federation and find your issuer');
    expect(printed).toMatch(/ok\s+federation: outbound federation disabled for 900000000001/);

    // a01 is back at the start; a02's account still mints.
    await expect(a1.mint()).rejects.toMatchObject({ name: 'OutboundWebIdentityFederationDisabledException' });
    expect(decodeJwt(await a2.mint()).iss).toBe(handouts[1]!.aws.issuer);
  });
});
