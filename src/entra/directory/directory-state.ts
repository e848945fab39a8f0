import { join } from 'node:path';
import { z } from 'zod';
import { CorruptStateError, type StateStore } from '../../core/state-dir.js';
import type { Application, ManagedIdentity } from './directory.js';

/** Where runtime changes to the directory (Graph API) are kept when fedlab has a state dir. */
export const DIRECTORY_STATE_FILE = 'entra/directory.json';

const savedFic = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  issuer: z.string(),
  subject: z.string().nullable(),
  audiences: z.array(z.string()),
  description: z.string().nullable().optional(),
  claimsMatchingExpression: z.strictObject({ value: z.string(), languageVersion: z.literal(1) }).nullable(),
  availableFromMs: z.number().optional(),
});

const savedApplication = z.strictObject({
  objectId: z.string().min(1),
  appId: z.string().min(1),
  displayName: z.string(),
  servicePrincipalId: z.string().min(1),
  secrets: z.array(z.string()),
  owners: z.array(z.string()),
  federatedIdentityCredentials: z.array(savedFic),
});

const savedManagedIdentity = z.strictObject({
  name: z.string().min(1),
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  location: z.string(),
  clientId: z.string().min(1),
  principalId: z.string().min(1),
  resourceId: z.string().min(1),
  tags: z.record(z.string(), z.string()),
  federatedIdentityCredentials: z.array(savedFic),
});

const savedDirectory = z.strictObject({
  version: z.literal(1),
  tenants: z.record(
    z.string(),
    z.strictObject({
      /** The tenant's applications as the last change left them. */
      applications: z.array(savedApplication),
      /** Object ids deleted at runtime: configured applications among them stay deleted. */
      deletedObjectIds: z.array(z.string()),
      /** The tenant's managed identities as the last change left them (absent in files of older runs). */
      managedIdentities: z.array(savedManagedIdentity).optional(),
    }),
  ),
});

export type SavedDirectory = z.output<typeof savedDirectory>;
export type SavedTenant = SavedDirectory['tenants'][string];

/** The saved directory, undefined before the first runtime change; a file that is not one is refused. */
export function loadDirectoryState(store: StateStore): SavedDirectory | undefined {
  const raw = store.read<unknown>(DIRECTORY_STATE_FILE);
  if (raw === undefined) return undefined;
  const parsed = savedDirectory.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new CorruptStateError(join(store.dir ?? '(memory)', DIRECTORY_STATE_FILE), `${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  return parsed.data;
}

export function saveDirectoryState(
  store: StateStore,
  tenants: readonly { id: string; applications: readonly Application[]; deletedObjectIds: ReadonlySet<string>; managedIdentities: readonly ManagedIdentity[] }[],
): void {
  const state: SavedDirectory = {
    version: 1,
    tenants: Object.fromEntries(
      tenants.map((t) => [t.id, { applications: t.applications.map((a) => structuredClone(a)), deletedObjectIds: [...t.deletedObjectIds], managedIdentities: t.managedIdentities.map((m) => structuredClone(m)) }]),
    ),
  };
  store.write(DIRECTORY_STATE_FILE, state);
}
