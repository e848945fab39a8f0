import { z } from 'zod';

/** One version of a secret, times in epoch seconds as Key Vault reports them. */
export interface SecretVersion {
  /** 32 lower-case hex characters. */
  version: string;
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled: boolean;
  nbf?: number;
  exp?: number;
  created: number;
  updated: number;
}

export interface SecretRecord {
  /** As first created; lookups ignore case. */
  name: string;
  /** Oldest first: the last one is the current version. */
  versions: SecretVersion[];
}

export interface DeletedSecret extends SecretRecord {
  deletedDate: number;
  scheduledPurgeDate: number;
}

/** What a caller may set on a version (the writable secret attributes). */
export interface VersionProperties {
  contentType?: string;
  tags?: Record<string, string>;
  enabled?: boolean;
  nbf?: number;
  exp?: number;
}

export const currentVersion = (record: SecretRecord): SecretVersion => record.versions[record.versions.length - 1]!;

const versionSchema = z.object({
  version: z.string().regex(/^[0-9a-f]{32}$/),
  value: z.string(),
  contentType: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
  enabled: z.boolean(),
  nbf: z.number().optional(),
  exp: z.number().optional(),
  created: z.number(),
  updated: z.number(),
});
const recordSchema = z.object({ name: z.string().min(1), versions: z.array(versionSchema).min(1) });

/** The document kept under vault/secrets.json in the state dir. */
export const persistedSecretsSchema = z.object({
  secrets: z.array(recordSchema),
  deleted: z.array(recordSchema.extend({ deletedDate: z.number(), scheduledPurgeDate: z.number() })),
});
export type PersistedSecrets = z.output<typeof persistedSecretsSchema>;
