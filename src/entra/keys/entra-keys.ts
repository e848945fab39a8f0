import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { JWK } from 'jose';
import type { PartyContext } from '../../core/party-context.js';
import { importSigningKey, type SigningKey, type StoredKey } from '../../core/keys/signing-key.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const STATE_FILE = 'entra/keys.json';
const RSA_PKCS1 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

interface StoredEntraKey {
  key: StoredKey;
  /** Base64 DER of the self-signed certificate published in `x5c`. */
  certificate: string;
}

/** An Entra signing key: `kid` = `x5t` = base64url SHA-1 thumbprint of its certificate. */
export interface EntraSigningKey {
  readonly kid: string;
  readonly signing: SigningKey;
  readonly certificate: string;
}

export interface EntraKeyRing {
  /** The key new tokens are signed with (the newest). */
  current(): EntraSigningKey;
  /** Every published key, newest first. */
  all(): readonly EntraSigningKey[];
  /** A new signing key; the old ones stay published so tokens already issued still verify. */
  rotate(): Promise<EntraSigningKey>;
}

async function createStoredEntraKey(ctx: PartyContext): Promise<StoredEntraKey> {
  const now = ctx.clock.now();
  const key = await ctx.keySource.create('RS256', 'pending', now);
  const privateKey = await webcrypto.subtle.importKey('jwk', key.privateJwk as webcrypto.JsonWebKey, RSA_PKCS1, true, ['sign']);
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = key.privateJwk;
  const publicKey = await webcrypto.subtle.importKey('jwk', publicJwk as webcrypto.JsonWebKey, RSA_PKCS1, true, ['verify']);
  // Real Entra's x5c certificates are self-issued to this name.
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=accounts.accesscontrol.windows.net',
    keys: { privateKey, publicKey } as CryptoKeyPair,
    signingAlgorithm: RSA_PKCS1,
    notBefore: new Date(now.getTime() - 86400_000),
    notAfter: new Date(now.getTime() + 5 * 365 * 86400_000),
    serialNumber: createHash('sha256').update(JSON.stringify(publicJwk)).digest('hex').slice(0, 32),
  });
  const der = Buffer.from(cert.rawData);
  const kid = createHash('sha1').update(der).digest('base64url');
  return { key: { ...key, kid }, certificate: der.toString('base64') };
}

async function load(stored: StoredEntraKey): Promise<EntraSigningKey> {
  return { kid: stored.key.kid, signing: await importSigningKey(stored.key), certificate: stored.certificate };
}

/** Keys kept in the state store (`entra/keys.json`), created on first start, imported once. */
export async function loadEntraKeys(ctx: PartyContext): Promise<EntraKeyRing> {
  let stored = ctx.store.read<{ keys: StoredEntraKey[] }>(STATE_FILE)?.keys ?? [];
  if (stored.length === 0) {
    stored = [await createStoredEntraKey(ctx)];
    ctx.store.write(STATE_FILE, { keys: stored });
  }
  const keys = await Promise.all(stored.map(load));
  // A rotation on another replica: sign with and publish its keys too.
  ctx.store.watch?.(STATE_FILE, () => {
    stored = ctx.store.read<{ keys: StoredEntraKey[] }>(STATE_FILE)?.keys ?? stored;
    void Promise.all(stored.map(load)).then((loaded) => keys.splice(0, keys.length, ...loaded));
  });
  return {
    current: () => keys[0]!,
    all: () => keys,
    async rotate() {
      const fresh = await createStoredEntraKey(ctx);
      stored = [fresh, ...stored];
      ctx.store.write(STATE_FILE, { keys: stored });
      const key = await load(fresh);
      keys.unshift(key);
      ctx.events.publish({ party: 'entra', type: 'key-rotated', kid: key.kid });
      return key;
    },
  };
}

/** A key as the discovery keys endpoint publishes it. */
export function publishedJwk(key: EntraSigningKey, issuer: string): JWK & { x5t: string; issuer: string } {
  const { kty, n, e } = key.signing.publicJwk;
  return { kty, use: 'sig', kid: key.kid, x5t: key.kid, n, e, x5c: [key.certificate], issuer } as JWK & { x5t: string; issuer: string };
}
