import { randomUUID } from 'node:crypto';
import type { PartyContext } from '../core/party-context.js';
import { importSigningKey, type SigningKey, type StoredKey } from '../core/keys/signing-key.js';

const DOCUMENT = 'github-keys';

/** The provider's RS256 key (GitHub signs its OIDC tokens with RS256 only), kept in the state dir. */
export async function loadGithubKey(ctx: Pick<PartyContext, 'store' | 'keySource' | 'clock'>): Promise<SigningKey> {
  const kept = ctx.store.read<{ keys: StoredKey[] }>(DOCUMENT);
  if (kept?.keys[0]) return importSigningKey(kept.keys[0]);
  const created = await ctx.keySource.create('RS256', randomUUID(), ctx.clock.now());
  ctx.store.write(DOCUMENT, { keys: [created] });
  return importSigningKey(created);
}
