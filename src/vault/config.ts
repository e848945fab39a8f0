import { z } from 'zod';
import { publicUrlSchema } from '../core/config/public-url.js';

/** Key Vault object names: 1-127 letters, digits and dashes (case-insensitive). */
export const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
/** Vault names: 3-24 characters, a letter first, a letter or digit last, no double dash. */
const VAULT_NAME = /^(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;
/** Key Vault caps a secret value at 25 KB. */
export const MAX_SECRET_VALUE_LENGTH = 25 * 1024;

/** The secret permissions of a Key Vault access policy. */
export const SECRET_PERMISSIONS = ['get', 'list', 'set', 'delete', 'recover', 'backup', 'restore', 'purge'] as const;
export type SecretPermission = (typeof SECRET_PERMISSIONS)[number];

const guid = (what: string) => z.guid({ message: `expected ${what} as a GUID like 8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10` });

const seededSecretSchema = z.strictObject({
  name: z.string().regex(SECRET_NAME, 'expected a secret name of 1-127 letters, digits and dashes'),
  value: z.string().max(MAX_SECRET_VALUE_LENGTH, `a secret value is at most ${MAX_SECRET_VALUE_LENGTH} characters`),
  contentType: z.string().max(255).optional(),
  tags: z.record(z.string().min(1).max(512), z.string().max(256)).optional(),
  enabled: z.boolean().default(true),
});

const accessPolicySchema = z.strictObject({
  /** Object id of the service principal (the token's `oid`). */
  objectId: guid('the object id'),
  permissions: z.array(z.enum(SECRET_PERMISSIONS)).min(1, 'list at least one secret permission'),
});

export const vaultConfigSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(4582),
    /** Behind a load balancer: the vault URL clients use (and secret ids carry); https, as SecretClient requires. */
    publicUrl: publicUrlSchema({ httpsOnly: true }).optional(),
    /** Shown in Forbidden messages, as Key Vault names the vault there. */
    name: z.string().regex(VAULT_NAME, 'expected a vault name of 3-24 letters, digits and dashes, starting with a letter').default('fedlab-vault'),
    /** Region shown in the x-ms-keyvault-region header and in Forbidden messages. */
    location: z.string().regex(/^[a-z0-9]+$/, 'expected an Azure region like eastus').default('eastus'),
    /** The Entra tenant the vault belongs to: only its tokens are accepted. */
    tenant: guid('the tenant id'),
    /** 90 gives recoveryLevel Recoverable+Purgeable; 7-89 gives CustomizedRecoverable+Purgeable. */
    softDeleteRetentionInDays: z.number().int().min(7).max(90).default(90),
    secrets: z.array(seededSecretSchema).default([]),
    accessPolicies: z.array(accessPolicySchema).default([]),
    /**
     * fedlab's bounds on what callers can store (Key Vault documents none for secrets): secrets live and
     * soft-deleted, versions kept per secret (beyond it the oldest version is forgotten), and bytes of
     * values, content types and tags over every version. A write past a bound → 403 Forbidden, QuotaExceeded.
     */
    maxSecrets: z.number().int().min(1).max(1_000_000).default(5_000),
    maxVersionsPerSecret: z.number().int().min(1).max(100_000).default(100),
    maxStoredBytes: z.number().int().min(1024).default(64 * 1024 * 1024),
    /**
     * `accessPolicies` (the default, as before): the policies above decide. `rbac`: Azure RBAC, as new
     * vaults default to: the tenant's roleAssignments whose scope is the vault, a parent or a secret.
     */
    authorization: z.enum(['accessPolicies', 'rbac']).default('accessPolicies'),
    /** The vault's ARM id is /subscriptions/<subscriptionId>/resourceGroups/<resourceGroup>/providers/Microsoft.KeyVault/vaults/<name>. */
    subscriptionId: guid('the subscription id').default('d2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52'),
    resourceGroup: z.string().regex(/^[-\w.()]{0,89}[-\w()]$/, 'expected a resource group name of 1-90 letters, digits and . _ - ( )').default('fedlab-rg'),
  })
  .superRefine((vault, ctx) => {
    vault.secrets.forEach((secret, i) => {
      if (vault.secrets.findIndex((other) => other.name.toLowerCase() === secret.name.toLowerCase()) !== i) {
        ctx.addIssue({ code: 'custom', path: ['secrets', i, 'name'], message: `duplicate secret name ${secret.name} (names are case-insensitive)` });
      }
    });
    vault.accessPolicies.forEach((policy, i) => {
      if (vault.accessPolicies.findIndex((other) => other.objectId.toLowerCase() === policy.objectId.toLowerCase()) !== i) {
        ctx.addIssue({ code: 'custom', path: ['accessPolicies', i, 'objectId'], message: `duplicate access policy for ${policy.objectId}` });
      }
    });
  });

export type VaultConfig = z.output<typeof vaultConfigSchema>;

/** The vault's ARM resource id (the scope role assignments name). */
export const vaultResourceId = (vault: Pick<VaultConfig, 'subscriptionId' | 'resourceGroup' | 'name'>) =>
  `/subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}/providers/Microsoft.KeyVault/vaults/${vault.name}`;
export type VaultConfigInput = z.input<typeof vaultConfigSchema>;
export type SeededSecret = z.output<typeof seededSecretSchema>;
