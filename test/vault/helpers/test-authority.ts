import { randomBytes, randomUUID } from 'node:crypto';
import express from 'express';
import { calculateJwkThumbprint, type JWTPayload } from 'jose';
import { listen, type Listener } from '../../../src/core/http/listen.js';
import { pooledKeySource } from '../../../src/core/keys/key-pool.js';
import { importSigningKey, type SigningKey } from '../../../src/core/keys/signing-key.js';
import { signJwt } from '../../../src/core/jwt/sign-jwt.js';
import type { LocalTls } from '../../../src/core/tls/local-ca.js';

export const VAULT_TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
export const OTHER_TENANT = '3d9e8f7a-6b5c-4d4e-8f3a-2b1c0d9e8f7a';
/** The workload's service principal: the access policy in the fixture config grants it everything. */
export const WORKLOAD_OID = '0f6a3e2d-5c4b-4a39-8e7f-6d5c4b3a2910';
export const WORKLOAD_APPID = '5e4d3c2b-1a09-4f8e-8d7c-6b5a49382716';

export interface MintOptions {
  /** v1 tokens are what Key Vault gets from Entra in practice (its resource asks for v1). */
  version?: '1.0' | '2.0';
  tenant?: string;
  oid?: string;
  appid?: string;
  /** Claims to add, replace, or (with undefined) remove. */
  claims?: Record<string, unknown>;
  /** Seconds from now; negative for a token that has expired. */
  expiresIn?: number;
  /** Sign with a key this authority does not publish, under the published kid. */
  forgeSignature?: boolean;
  /** Sign with a key under a kid the authority does not publish. */
  unknownKid?: boolean;
}

export interface TestAuthority {
  /** What the vault is given as `entraAuthorityHost`. */
  authorityHost: string;
  mint(options?: MintOptions): Promise<string>;
  close(): Promise<void>;
}

const opaque = (bytes: number) => randomBytes(bytes).toString('base64url');

/**
 * A stand-in for the fake Entra, serving what Entra serves for every tenant (research §7): the v2.0
 * discovery document and the key set, one signing key shared by all tenants as in Entra. It mints
 * app-only access tokens shaped like Entra's (research §6).
 */
export async function startTestAuthority(tls: LocalTls): Promise<TestAuthority> {
  const published = await importSigningKey(await pooledKeySource.create('RS256', 'published'));
  const forger = await importSigningKey(await pooledKeySource.create('RS256', 'forger'));
  const kid = await calculateJwkThumbprint(published.publicJwk);
  let listener: Listener | undefined;
  const host = () => listener!.url;

  const app = express();
  app.get('/:tenant/v2.0/.well-known/openid-configuration', (req, res) => {
    const base = `${host()}/${req.params.tenant}`;
    res.json({
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      tenant_region_scope: 'NA',
      cloud_instance_name: 'microsoftonline.com',
    });
  });
  app.get('/:tenant/discovery/v2.0/keys', (_req, res) => {
    const { n, e } = published.publicJwk;
    res.json({ keys: [{ kty: 'RSA', use: 'sig', kid, x5t: kid, n, e, issuer: `${host()}/{tenantid}/v2.0` }] });
  });

  listener = await listen(app, { host: '127.0.0.1', port: 0, tls: { cert: tls.serverCertPem, key: tls.serverKeyPem } });

  async function mint(options: MintOptions = {}): Promise<string> {
    const version = options.version ?? '1.0';
    const tid = options.tenant ?? VAULT_TENANT;
    const oid = options.oid ?? WORKLOAD_OID;
    const appid = options.appid ?? WORKLOAD_APPID;
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (options.expiresIn ?? 3600);
    const iat = Math.min(now, exp - 60);
    const v1Issuer = `https://sts.windows.net/${tid}/`;
    const common = { iat, nbf: iat, exp, aio: opaque(40), idtyp: 'app', oid, rh: `0.${opaque(40)}.`, sub: oid, tid, uti: opaque(16) };
    const payload: JWTPayload =
      version === '1.0'
        ? { aud: 'https://vault.azure.net', iss: v1Issuer, ...common, appid, appidacr: '2', idp: v1Issuer, ver: '1.0' }
        : { aud: 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093', iss: `${host()}/${tid}/v2.0`, ...common, azp: appid, azpacr: '2', ver: '2.0' };
    for (const [claim, value] of Object.entries(options.claims ?? {})) {
      if (value === undefined) delete payload[claim];
      else payload[claim] = value;
    }
    const headerKid = options.unknownKid ? `${kid.slice(0, -4)}XXXX` : kid;
    const header: Record<string, string> = version === '1.0' ? { typ: 'JWT', x5t: headerKid, kid: headerKid } : { typ: 'JWT', kid: headerKid };
    const key: SigningKey = options.forgeSignature || options.unknownKid ? forger : published;
    return signJwt(header, payload, key);
  }

  return { authorityHost: host(), mint, close: () => listener!.close() };
}

/** A unique object id for a caller the access policies do not know. */
export const strangerOid = () => randomUUID();
