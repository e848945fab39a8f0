import { join } from 'node:path';
import { z } from 'zod';
import type { StoredKey } from '../../core/keys/signing-key.js';
import { CorruptStateError, type StateStore } from '../../core/state-dir.js';
import { principalSchema, type PrincipalConfig } from '../config.js';

/** What survives a restart, per account (`aws/accounts/<id>.json`, written atomically). */
export interface AccountState {
  /** The issuer id relying parties pin. */
  issuerId: string;
  /** Every key generation, with its retirement time once rotated out. */
  keys: StoredKey[];
  /** Set once IAM or the admin API flipped the switch; from then on it wins over the config. */
  federation?: 'enabled' | 'disabled';
  /** Runtime principal changes on top of the config's list. */
  principals?: { added: PrincipalConfig[]; removed: string[] };
}

const storedKeySchema = z.looseObject({
  kid: z.string().min(1),
  alg: z.enum(['RS256', 'ES384']),
  privateJwk: z.looseObject({ kty: z.string() }),
  createdAt: z.string(),
  retireAt: z.string().nullable().optional(),
});

const accountStateSchema = z.strictObject({
  issuerId: z.uuid(),
  keys: z.array(storedKeySchema),
  federation: z.enum(['enabled', 'disabled']).optional(),
  principals: z.strictObject({ added: z.array(principalSchema), removed: z.array(z.string()) }).optional(),
});

export const accountStateName = (accountId: string) => `aws/accounts/${accountId}.json`;

/**
 * The stored state, checked: a file that parses but is not an account state is refused with its
 * path, never silently replaced by a fresh issuer (relying parties pin the old one).
 */
export function readAccountState(store: StateStore, accountId: string): AccountState | undefined {
  const name = accountStateName(accountId);
  const raw = store.read<unknown>(name);
  if (raw === undefined) return undefined;
  const result = accountStateSchema.safeParse(raw);
  if (result.success) return result.data as AccountState;
  const where = store.dir ? join(store.dir, name) : name;
  const issue = result.error.issues[0]!;
  throw new CorruptStateError(where, `${issue.path.join('.') || 'document'}: ${issue.message}`);
}
