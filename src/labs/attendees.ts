import { createHmac } from 'node:crypto';
import type { FedlabConfig } from '../config.js';
import { defaultAttendee, type Attendee } from './attendee.js';

export interface AttendeesOptions {
  count: number;
  /** Secrets are derived from it (HMAC), so attendees cannot work out each other's. Keep it private. */
  seed: string;
}

export interface ExpandedConfig {
  config: FedlabConfig;
  attendees: Attendee[];
}

export const MAX_ATTENDEES = 999;

type Account = FedlabConfig['aws']['accounts'][number];
type Tenant = NonNullable<FedlabConfig['entra']>['tenants'][number];
type Vault = NonNullable<FedlabConfig['vault']>;

/** `900000000007`: twelve digits, one account per attendee. */
const accountIdOf = (n: number) => `9${String(n).padStart(11, '0')}`;

/** Keeps the GUID's first four groups and makes the last one tell the attendee: `...-0000000a0007`. */
const guidOf = (guid: string, n: number) => `${guid.slice(0, 24)}0000000a${String(n).padStart(4, '0')}`;

/** `fedlab-lab-vault-a07`: a vault name stays within Key Vault's 24 characters. */
const vaultNameOf = (name: string, id: string) => `${name.slice(0, 23 - id.length)}-${id}`.replace(/--+/g, '-');

/** A vault's ARM id prefix as role assignment scopes name it (see vaultResourceId). */
const vaultScopeOf = (vault: Vault, name = vault.name) => `/providers/Microsoft.KeyVault/vaults/${name}`;

/** AWS-documentation-style key id: `AKIALAB007P0XEXAMPLE` (prefix kept: AKIA long-term, ASIA session). */
const accessKeyIdOf = (template: string, n: number, p: number) => `${template.slice(0, 4)}LAB${String(n).padStart(3, '0')}P${p}XEXAMPLE`;

function derived(seed: string, label: string, length: number): string {
  return createHmac('sha256', seed).update(label).digest('base64').replace(/=+$/, '').slice(0, length);
}

/** A managed identity's resourceId is derived when the configuration is parsed: the room's is parsed again. */
const asInput = (tenant: Tenant): Tenant => ({ ...tenant, managedIdentities: tenant.managedIdentities.map(({ resourceId: _resourceId, ...mi }) => mi) }) as unknown as Tenant;

/** Copies a JSON value, swapping every listed identifier (GUIDs case-insensitively). */
function swapIds<T>(value: T, swaps: ReadonlyMap<string, string>): T {
  let text = JSON.stringify(value);
  for (const [from, to] of swaps) text = text.replace(new RegExp(from.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'), 'gi'), to);
  return JSON.parse(text) as T;
}

/**
 * The room: the configuration's first account, tenant and (tenant's) vault are the template; each
 * attendee gets a copy with their own account id, access keys, tenant, application ids, client
 * secrets and a vault of their own. The original entries stay (the facilitator's).
 */
export function expandAttendees(config: FedlabConfig, options: AttendeesOptions): ExpandedConfig {
  const { count, seed } = options;
  if (!Number.isInteger(count) || count < 1 || count > MAX_ATTENDEES) throw new RangeError(`attendees: expected 1-${MAX_ATTENDEES}, got ${count}`);
  const template = defaultAttendee(config);
  const tenant = config.entra?.tenants.find((t) => t.id === template?.tenantId);
  if (!template || !tenant) throw new Error('attendees: the configuration needs an entra tenant with an application to copy for each attendee');
  const account = config.aws.accounts[0]!;
  const vault = config.vault?.tenant === tenant.id ? config.vault : undefined;
  // The template tenant's other vaults (e.g. an RBAC one) are copied too, after the main one.
  const extraVaults = config.vaults.filter((v) => v.tenant === tenant.id);
  const width = Math.max(2, String(count).length);

  const accounts: Account[] = [];
  const tenants: Tenant[] = [];
  const vaults: Vault[] = [];
  const attendees: Attendee[] = [];
  for (let n = 1; n <= count; n++) {
    const id = `a${String(n).padStart(width, '0')}`;
    const accountId = accountIdOf(n);
    if (config.aws.accounts.some((a) => a.id === accountId)) throw new Error(`attendees: account ${accountId} already exists in the configuration`);
    const guids = [
      tenant.id,
      ...tenant.applications.flatMap((app) => [app.appId, app.servicePrincipalId, (app as { objectId?: string }).objectId ?? '']),
      ...tenant.managedIdentities.flatMap((mi) => [mi.clientId, mi.principalId]),
    ].filter(Boolean);
    const swaps = new Map<string, string>([[account.id, accountId], ...guids.map((g): [string, string] => [g, guidOf(g, n)])]);
    // Role assignments at a vault (or its secrets) follow the attendee's copy of that vault.
    const vaultSwaps = new Map([...(vault ? [vault] : []), ...extraVaults].map((v): [string, string] => [vaultScopeOf(v), vaultScopeOf(v, vaultNameOf(v.name, id))]));

    const { issuerId: _issuerId, ...accountTemplate } = account;
    const copy = swapIds(accountTemplate, swaps) as Account;
    copy.principals = copy.principals.map((principal, p) => ({
      ...principal,
      accessKeyId: accessKeyIdOf(principal.accessKeyId, n, p),
      secretAccessKey: `${derived(seed, `aws:${id}:${p}`, 30)}EXAMPLEKEY`,
      sessionToken: principal.sessionToken ? `FwoGZXIvYXdzLAB${derived(seed, `session:${id}:${p}`, 24)}` : null,
    }));
    // A new account joins the template's organization as a member (the facilitator's management
    // account manages the room's SCPs); it is never a second management account.
    accounts.push({ ...copy, organization: copy.organization && !copy.organization.management ? copy.organization : undefined });

    const tenantCopy = swapIds(swapIds(asInput(tenant), swaps), vaultSwaps);
    tenantCopy.displayName = `${tenant.displayName ?? 'fedlab'}-${id}`;
    tenantCopy.domains = tenant.domains.map((domain) => domain.replace(/^([^.]+)/, `$1-${id}`));
    tenantCopy.applications = tenantCopy.applications.map((app) => {
      const secrets = (app as { secrets?: string[] }).secrets;
      return secrets ? { ...app, secrets: secrets.map((_, s) => `fedlab~${id}~${derived(seed, `entra:${id}:${app.appId}:${s}`, 32)}`) } : app;
    });
    tenants.push(tenantCopy);

    let vaultName: string | undefined;
    let ownVault: Vault | undefined;
    if (vault) {
      vaultName = vaultNameOf(vault.name, id);
      // Attendees' vaults listen on free ports: their URLs go to attendees.json.
      ownVault = { ...swapIds(vault, swaps), name: vaultName, port: 0 };
      vaults.push(ownVault);
    }
    const ownExtras = extraVaults.map((v) => ({ ...swapIds(v, swaps), name: vaultNameOf(v.name, id), port: 0 }));
    vaults.push(...ownExtras);
    const attendee = defaultAttendee({ ...config, aws: { ...config.aws, accounts: [accounts.at(-1)!] }, entra: { ...config.entra!, tenants: [tenantCopy] }, vault: ownVault, vaults: ownExtras });
    attendees.push({ ...attendee!, id, ...(vaultName ? { vaultName } : {}) });
  }
  const expanded = {
    ...config,
    aws: { ...config.aws, accounts: [...config.aws.accounts, ...accounts] },
    entra: { ...config.entra!, tenants: [...config.entra!.tenants.map(asInput), ...tenants] },
    vaults: [...((config as { vaults?: Vault[] }).vaults ?? []), ...vaults],
  };
  return { config: expanded as FedlabConfig, attendees };
}
