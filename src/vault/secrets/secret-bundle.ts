import type { DeletedSecret, SecretRecord, SecretVersion } from './secret-model.js';
import { currentVersion } from './secret-model.js';

/** How the vault's soft-delete setting shows in every secret's attributes. */
export interface Recovery {
  recoveryLevel: string;
  recoverableDays: number;
}

export function recoveryFor(retentionDays: number): Recovery {
  return { recoveryLevel: retentionDays === 90 ? 'Recoverable+Purgeable' : 'CustomizedRecoverable+Purgeable', recoverableDays: retentionDays };
}

/** The vault's base URL and soft-delete setting: what every id and attribute block needs. */
export interface BundleContext {
  vaultUrl: string;
  recovery: Recovery;
}

function attributes(v: SecretVersion, recovery: Recovery) {
  return {
    enabled: v.enabled,
    ...(v.nbf !== undefined ? { nbf: v.nbf } : {}),
    ...(v.exp !== undefined ? { exp: v.exp } : {}),
    created: v.created,
    updated: v.updated,
    ...recovery,
  };
}

const described = (v: SecretVersion) => ({
  ...(v.contentType !== undefined ? { contentType: v.contentType } : {}),
  ...(v.tags !== undefined ? { tags: v.tags } : {}),
});

export const secretId = (ctx: BundleContext, name: string, version?: string) =>
  `${ctx.vaultUrl}/secrets/${name}${version ? `/${version}` : ''}`;

/** A SecretBundle as Key Vault returns it from set and get (with the value). */
export function secretBundle(ctx: BundleContext, record: SecretRecord, v: SecretVersion) {
  return { value: v.value, ...described(v), id: secretId(ctx, record.name, v.version), attributes: attributes(v, ctx.recovery) };
}

/** A SecretBundle without its value, as update and recover return it. */
export function secretProperties(ctx: BundleContext, record: SecretRecord, v: SecretVersion) {
  return { ...described(v), id: secretId(ctx, record.name, v.version), attributes: attributes(v, ctx.recovery) };
}

/** A SecretItem of GET /secrets: the secret's id without a version, current attributes. */
export function secretItem(ctx: BundleContext, record: SecretRecord) {
  const v = currentVersion(record);
  return { id: secretId(ctx, record.name), attributes: attributes(v, ctx.recovery), ...described(v) };
}

/** A SecretItem of GET /secrets/{name}/versions. */
export function versionItem(ctx: BundleContext, record: SecretRecord, v: SecretVersion) {
  return { id: secretId(ctx, record.name, v.version), attributes: attributes(v, ctx.recovery), ...described(v) };
}

const deletion = (ctx: BundleContext, secret: DeletedSecret) => ({
  recoveryId: `${ctx.vaultUrl}/deletedsecrets/${secret.name}`,
  deletedDate: secret.deletedDate,
  scheduledPurgeDate: secret.scheduledPurgeDate,
});

/** A DeletedSecretBundle (DELETE /secrets/{name}, GET /deletedsecrets/{name}): no value. */
export function deletedSecretBundle(ctx: BundleContext, secret: DeletedSecret) {
  const v = currentVersion(secret);
  return { ...deletion(ctx, secret), ...secretProperties(ctx, secret, v) };
}

/** A DeletedSecretItem of GET /deletedsecrets. */
export function deletedSecretItem(ctx: BundleContext, secret: DeletedSecret) {
  return { ...deletion(ctx, secret), ...secretItem(ctx, secret) };
}
