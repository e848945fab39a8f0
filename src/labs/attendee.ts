import type { FedlabConfig } from '../config.js';

export interface AttendeePrincipal {
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** One person's corner of fedlab: what lab goals and resets refer to as "yours". */
export interface Attendee {
  /** `a01`, `a02`, ... or `default` when fedlab runs for one person. */
  id: string;
  accountId: string;
  region: string;
  principals: AttendeePrincipal[];
  tenantId: string;
  clientId: string;
  servicePrincipalId: string;
  /** An application of the tenant allowed to manage applications through Graph (client secret). */
  admin?: { clientId: string; clientSecret: string };
  /** Name of the attendee's Key Vault (its URL is known once it listens). */
  vaultName?: string;
  /** The tenant's first user-assigned managed identity (a federated credential's parent without an app registration). */
  managedIdentity?: { name: string; clientId: string; principalId: string };
  /** Name of the attendee's first vault in Azure RBAC mode (`authorization: rbac`), when there is one. */
  rbacVaultName?: string;
}

type MaybeSecrets = { secrets?: string[] };

/**
 * The one-person attendee of a configuration: its first account, first tenant, the tenant's first
 * application without client secrets (the workload) and the first with secrets (the Graph admin).
 */
export function defaultAttendee(config: FedlabConfig): Attendee | undefined {
  const account = config.aws.accounts[0]!;
  const tenant = config.entra?.tenants[0];
  if (!tenant) return undefined;
  const hasSecrets = (app: object) => ((app as MaybeSecrets).secrets ?? []).length > 0;
  const workload = tenant.applications.find((app) => !hasSecrets(app));
  const admin = tenant.applications.find(hasSecrets);
  if (!workload) return undefined;
  const vault = config.vault?.tenant === tenant.id ? config.vault : undefined;
  const rbacVault = [config.vault, ...config.vaults].find((v) => v?.tenant === tenant.id && v.authorization === 'rbac');
  const identity = tenant.managedIdentities[0];
  return {
    id: 'default',
    accountId: account.id,
    region: account.region,
    principals: account.principals.map((p) => ({ arn: p.arn, accessKeyId: p.accessKeyId, secretAccessKey: p.secretAccessKey, ...(p.sessionToken ? { sessionToken: p.sessionToken } : {}) })),
    tenantId: tenant.id,
    clientId: workload.appId,
    servicePrincipalId: workload.servicePrincipalId,
    ...(admin ? { admin: { clientId: admin.appId, clientSecret: (admin as MaybeSecrets).secrets![0]! } } : {}),
    ...(vault ? { vaultName: vault.name } : {}),
    ...(identity ? { managedIdentity: { name: identity.name, clientId: identity.clientId, principalId: identity.principalId } } : {}),
    ...(rbacVault ? { rbacVaultName: rbacVault.name } : {}),
  };
}

const ACCOUNT_OF_ARN = /^arn:aws[\w-]*:(?:iam|sts)::(\d{12}):/;

/** Which attendee an event concerns: by account, tenant, application or service principal. */
export function createAttribution(attendees: readonly Attendee[]): (event: Record<string, unknown>) => Attendee | undefined {
  const byKey = new Map<string, Attendee>();
  for (const a of attendees) {
    byKey.set(`account:${a.accountId}`, a);
    byKey.set(`tenant:${a.tenantId.toLowerCase()}`, a);
    byKey.set(`object:${a.servicePrincipalId.toLowerCase()}`, a);
    byKey.set(`app:${a.clientId.toLowerCase()}`, a);
    if (a.managedIdentity) {
      byKey.set(`app:${a.managedIdentity.clientId.toLowerCase()}`, a);
      byKey.set(`object:${a.managedIdentity.principalId.toLowerCase()}`, a);
    }
  }
  const text = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : undefined);
  return (event) => {
    const account = text(event.accountId) ?? ACCOUNT_OF_ARN.exec(String(event.principal ?? ''))?.[1];
    const keys = [
      account && `account:${account}`,
      text(event.tenant) && `tenant:${text(event.tenant)}`,
      text(event.tenantId) && `tenant:${text(event.tenantId)}`,
      // The vault's events name its tenant (role-assignment changes carry no caller).
      text(event.vaultTenant) && `tenant:${text(event.vaultTenant)}`,
      text(event.oid) && `object:${text(event.oid)}`,
      text(event.clientId) && `app:${text(event.clientId)}`,
      text(event.appId) && `app:${text(event.appId)}`,
    ];
    for (const key of keys) {
      const found = key ? byKey.get(key) : undefined;
      if (found) return found;
    }
    return undefined;
  };
}
