import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { attendeeHandouts, type AttendeeHandout } from '../../src/labs/attendees-file.js';
import type { ExerciseStatus } from '../../src/labs/checker.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { attendeeClient, type AttendeeClient } from './helpers/attendee-client.js';
import { managedIdentityClient, type ManagedIdentityClient } from './helpers/managed-identity-client.js';

/**
 * Exercise 11's checklist in a room of two: each goal ticks for the right action only, not for
 * plausible wrong ones (the application instead of the managed identity, the wrong vault or role,
 * the neighbour's identity).
 */
const LAB_CONFIG = fileURLToPath(new URL('../../labs/fedlab-lab.yaml', import.meta.url));
const LAB = 'federation-101';
const EXERCISE = 'managed-identity-rbac-vault';

let fedlab: Fedlab;
let handouts: AttendeeHandout[];
let me: AttendeeClient;
let neighbour: AttendeeClient;
let mine: ManagedIdentityClient;
let theirs: ManagedIdentityClient;
let n: number;

const kit = (h: AttendeeHandout) => ({
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

async function labsApi(method: string, path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${fedlab.urls.console!.url}/api/labs${path}`, { method });
  return (await response.json()) as Record<string, unknown>;
}
const exercise = async (attendee: string) => ((await labsApi('GET', `/status?attendee=${attendee}`)).labs as { exercises: ExerciseStatus[] }[])[0]!.exercises[n - 1]!;
const done = async (goal: string, attendee = 'a01') => (await exercise(attendee)).goals.find((g) => g.id === goal)!.done;
const reset = async () => {
  for (const a of ['a01', 'a02']) expect(await labsApi('POST', `/${LAB}/exercises/${n}/reset?attendee=${a}`)).toMatchObject({ ok: true });
};

beforeAll(async () => {
  fedlab = await startFedlab({ configFile: LAB_CONFIG, ports: 'auto', attendees: 2 });
  handouts = attendeeHandouts(fedlab.attendees!, fedlab.urls);
  [me, neighbour] = handouts.map((h) => attendeeClient(kit(h))) as [AttendeeClient, AttendeeClient];
  mine = managedIdentityClient(handouts[0]!, fedlab.ca, () => me.mint());
  theirs = managedIdentityClient(handouts[1]!, fedlab.ca, () => neighbour.mint());
  const exercises = (await labsApi('GET', '/status?attendee=a01')).labs as { exercises: ExerciseStatus[] }[];
  n = exercises[0]!.exercises.findIndex((e) => e.id === EXERCISE) + 1;
  expect(n).toBeGreaterThan(0);
  // The exercise starts with federation on (its reset turns it on).
  await reset();
}, 60_000);
afterAll(async () => {
  me?.destroy();
  neighbour?.destroy();
  await fedlab?.close();
});

test("each attendee has a managed identity and an RBAC vault of their own, named in the handout", () => {
  const [a, b] = handouts as [AttendeeHandout, AttendeeHandout];
  expect(a.entra!.managedIdentity).toMatchObject({ name: 'lab-mi', clientId: expect.stringMatching(/-0000000a0001$/), principalId: expect.stringMatching(/-0000000a0001$/) });
  expect(b.entra!.managedIdentity!.principalId).not.toBe(a.entra!.managedIdentity!.principalId);
  expect(a.rbacVault).toMatchObject({ name: 'fedlab-lab-rbac-a01' });
  expect(b.rbacVault!.url).not.toBe(a.rbacVault!.url);
  expect(a.vault!.name).toBe('fedlab-lab-vault-a01');
});

test('mi-exchange: ticks for an exchange through the managed identity whose oid is its principal id, not for the application, a refused role or the neighbour', async () => {
  await reset();
  // Wrong 1: the application's own exchange (a credential on the app, oid = its service principal).
  expect((await me.createFic({ name: 'app-trust', issuer: handouts[0]!.aws.issuer, subject: handouts[0]!.aws.principals[0]!.arn, audiences: ['api://AzureADTokenExchange'] })).status).toBe(201);
  expect(await me.exchange()).toMatchObject({ ok: true });
  // Wrong 2: the identity's client id with a role its credential does not trust (lab-restricted).
  const restricted = managedIdentityClient(handouts[0]!, fedlab.ca, () => me.mint({ principal: 1 }));
  await expect(restricted.credential().getToken('https://vault.azure.net/.default')).rejects.toThrow(/AADSTS700213/);
  // Wrong 3: the neighbour's managed identity exchange.
  expect(decodeJwt((await theirs.credential().getToken('https://vault.azure.net/.default')).token).oid).toBe(theirs.identity.principalId);
  expect(await done('mi-exchange')).toBe(false);

  const token = decodeJwt((await mine.credential().getToken('https://vault.azure.net/.default')).token);
  expect(token).toMatchObject({ appid: mine.identity.clientId, oid: mine.identity.principalId });
  expect(await done('mi-exchange')).toBe(true);
  expect(await done('mi-exchange', 'a02')).toBe(true);
}, 60_000);

test('rbac-refused: ticks when the RBAC vault refuses the managed identity, not the access-policy vault, not the application, not the neighbour', async () => {
  await reset();
  // Wrong 1: the managed identity at exercise 5's vault (access policies: AccessDenied, check access-policy).
  expect(await mine.read('lab-secret', { vaultUrl: mine.vault.url })).toBe('AccessDenied');
  // Wrong 2: the application's token at the RBAC vault (ForbiddenByRbac, but for the service principal).
  expect(await mine.read('payments-db-password', { clientId: handouts[0]!.entra!.clientId })).toBe('ForbiddenByRbac');
  // Wrong 3: the neighbour's identity at the neighbour's RBAC vault.
  expect(await theirs.read()).toBe('ForbiddenByRbac');
  expect(await done('rbac-refused')).toBe(false);

  expect(await mine.read()).toBe('ForbiddenByRbac');
  expect(await done('rbac-refused')).toBe(true);
}, 60_000);

test('role-assigned: ticks for a Key Vault data role of the managed identity on its RBAC vault, not for the application, Key Vault Reader or another vault', async () => {
  await reset();
  const scope = await mine.vaultId();
  expect(scope).toBe(`/subscriptions/d2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52/resourceGroups/fedlab-lab-rg/providers/Microsoft.KeyVault/vaults/fedlab-lab-rbac-a01`);
  // Wrong 1: the role for the application's service principal.
  expect((await mine.assign({ principalId: fedlab.attendees![0]!.servicePrincipalId, scope })).status).toBe(201);
  // Wrong 2: Key Vault Reader (metadata only: no getSecret).
  expect((await mine.assign({ role: 'Key Vault Reader', scope })).status).toBe(201);
  // Wrong 3: the neighbour's identity on the neighbour's vault.
  expect((await theirs.assign({ scope: await theirs.vaultId() })).status).toBe(201);
  expect(await done('role-assigned')).toBe(false);

  expect((await mine.assign({ scope })).status).toBe(201);
  expect(await done('role-assigned')).toBe(true);
}, 60_000);

test('rbac-read: ticks for a read through the role after the refusal, not for a read with no refusal first, a read of the access-policy vault, or the neighbour', async () => {
  await reset();
  const scope = await mine.vaultId();
  // Wrong 1: the role first, then a read (nothing was refused before it).
  expect((await mine.assign({ scope })).status).toBe(201);
  expect(await mine.read()).toBe('read by a managed identity through an Azure RBAC role');
  expect(await done('rbac-read')).toBe(false);

  await reset();
  // Wrong 2: refused at the RBAC vault, then the application reads exercise 5's vault.
  expect(await mine.read()).toBe('ForbiddenByRbac');
  expect((await me.secrets().getSecret('lab-secret')).value).toContain('federation works');
  // Wrong 3: the neighbour does the whole thing.
  expect(await theirs.read()).toBe('ForbiddenByRbac');
  expect((await theirs.assign({ scope: await theirs.vaultId() })).status).toBe(201);
  expect(await theirs.read()).toBe('read by a managed identity through an Azure RBAC role');
  expect(await done('rbac-read')).toBe(false);
  expect(await done('rbac-read', 'a02')).toBe(true);

  expect((await mine.assign({ scope })).status).toBe(201);
  expect(await mine.read()).toBe('read by a managed identity through an Azure RBAC role');
  expect(await done('rbac-read')).toBe(true);
}, 60_000);

test('the reset drops the role assignments added at runtime: the identity is refused again', async () => {
  const scope = await mine.vaultId();
  await mine.assign({ scope });
  expect(await mine.read()).toBe('read by a managed identity through an Azure RBAC role');
  await reset();
  // A reset ticks nothing (it called DELETE /_fedlab/role-assignments on the attendee's RBAC vault).
  expect((await exercise('a01')).goals.some((g) => g.done)).toBe(false);
  expect(await mine.read()).toBe('ForbiddenByRbac');
  // The read exchanged a new token through the identity and was refused: those two goals, and only those, are earned again.
  expect((await exercise('a01')).goals.map((g) => [g.id, g.done])).toEqual([['mi-exchange', true], ['rbac-refused', true], ['role-assigned', false], ['rbac-read', false]]);
}, 60_000);
