import { randomUUID } from 'node:crypto';
import { request, Agent } from 'node:https';
import { exportJWK, importJWK, SignJWT } from 'jose';
import { validateConfig } from '../../../src/core/config/load-config.js';
import type { PartyContext } from '../../../src/core/party-context.js';
import type { SharedStore } from '../../../src/core/shared/shared-store.js';
import { entraConfigSchema, startEntra, type EntraParty } from '../../../src/entra/index.js';
import { startVault, type VaultParty } from '../../../src/vault/index.js';
import { vaultConfigSchema } from '../../../src/vault/config.js';
import { testPartyContext } from '../../entra/helpers/party-context.js';
import { AUDIENCE, CLIENT_ID, JWT_BEARER, SERVICE_PRINCIPAL_ID, TENANT_ID, TOKEN_EXCHANGE, VAULT, WORKLOAD_ARN, testEntraConfig } from '../../entra/helpers/test-entra.js';
import { startCanary, type Canary } from './canary.js';
import { startIssuerServer, type IssuerServer } from './issuer-server.js';
import { rawSign, signInputWith, type Alg } from './jws.js';

export { AUDIENCE, CLIENT_ID, TENANT_ID, VAULT, WORKLOAD_ARN };
export const SECOND_ACCOUNT = '444455556666';
export const SECOND_ARN = `arn:aws:iam::${SECOND_ACCOUNT}:role/fedlab-deploy`;
/** A second application whose credential trusts FI for another role (for E-09). */
export const OTHER_CLIENT_ID = '7e6d5c4b-3a29-4f18-9e07-d6c5b4a39281';
export const OTHER_ARN = 'arn:aws:iam::111122223333:role/other-workload';
export const AWS_NS = 'https://sts.amazonaws.com/';

/** Every road a token can take into fedlab. */
export type PathName = 'ca' | 'te' | 'mi' | 'vault' | 'graph';
export const TOKEN_PATHS: readonly PathName[] = ['ca', 'te', 'mi', 'vault', 'graph'];
/** The paths into Entra's token endpoint: an app's credential (CA, TE) and a managed identity's (MI). */
export const ENTRA_PATHS: readonly PathName[] = ['ca', 'te', 'mi'];
export const isEntraPath = (path: PathName): boolean => ENTRA_PATHS.includes(path);
/** A user-assigned managed identity whose federated credential trusts FI for the workload role (path MI). */
export const MI_CLIENT_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a81';
export const MI_PRINCIPAL_ID = '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b92';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

/** What a case needs to craft a token for one path: the trusted signer, its claims, an attacker. */
export interface Kit {
  path: PathName;
  issuer: string;
  audience: string;
  nowSeconds(): number;
  /** Baseline claims for this path; `undefined` values remove a claim. */
  claims(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** The header the trusted issuer sends for `alg` (member order as the real issuer's). */
  header(alg?: Alg, overrides?: Record<string, unknown>): Record<string, unknown>;
  /** Signed by the trusted issuer's key for `alg` (or `kid`). */
  sign(options?: { claims?: Record<string, unknown>; header?: Record<string, unknown>; alg?: Alg; kid?: string }): Promise<string>;
  signRaw(headerJson: string, payload: string | Uint8Array, options?: { alg?: Alg; kid?: string }): Promise<string>;
  /** Signed by a key the trusted issuer never published, under the same header. */
  attackerSign(options?: { claims?: Record<string, unknown>; header?: Record<string, unknown>; alg?: Alg }): Promise<string>;
  /** base64url signature of an arbitrary signing input (for segments mutated before signing). */
  signInput(input: string, alg?: Alg): Promise<string>;
  /** The trusted RSA key re-imported for another JWS algorithm (PS256, RS384, …); absent where the key cannot be exported. */
  signAs?: (alg: string, claims?: Record<string, unknown>) => Promise<string>;
  /** Algorithms this path's issuer really uses. */
  algs: readonly Alg[];
  kidOf(alg: Alg): string;
}

export interface SecurityLab {
  ctx: PartyContext;
  entra: EntraParty;
  vault: VaultParty;
  fi: IssuerServer;
  fi2: IssuerServer;
  attacker: IssuerServer;
  vaultAuthority: IssuerServer;
  canary: Canary;
  kit(path: PathName): Kit;
  send(path: PathName, token: string): Promise<HttpAnswer>;
  /** POST a raw body to the v2 token endpoint. */
  post(body: string, options?: { headers?: Record<string, string>; method?: string; path?: string }): Promise<HttpAnswer>;
  vaultRequest(method: string, path: string, headers?: Record<string, string>, body?: string): Promise<HttpAnswer>;
  /** Outbound fetches so far to every issuer and the canary. */
  outbound(): number;
  close(): Promise<void>;
}

export function httpsRequest(url: string, ca: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<HttpAnswer> {
  // A spoofed Host header (case E-16) must not change which certificate name is checked.
  const checkServerIdentity = options.headers?.host ? () => undefined : undefined;
  return new Promise((resolve, reject) => {
    const headers = { ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = request(url, { method: options.method ?? 'GET', headers, agent: new Agent({ ca }), ...(checkServerIdentity ? { checkServerIdentity } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode!, headers: res.headers, text, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface LabOptions {
  /** Changes to the Entra config before start (cooldown, replay cache, rate limit, …). */
  entra?: (config: any) => void;
  /** A replica: the parties use this shared store (`--store`). */
  sharedStore?: SharedStore;
  /** The trusted issuer FI of another lab (replicas trust one issuer); left open by close(). */
  issuer?: IssuerServer;
}

/** The trusted issuer FI, a second trusted issuer FI2, an attacker AI, a canary; Entra, a vault and its authority. */
export async function startSecurityLab(options: LabOptions = {}): Promise<SecurityLab> {
  const ctx: PartyContext = { ...(await testPartyContext()), ...(options.sharedStore ? { sharedStore: options.sharedStore } : {}) };
  const fi = options.issuer ?? (await startIssuerServer({ shape: 'aws' }));
  const fi2 = await startIssuerServer({ shape: 'aws' });
  const attacker = await startIssuerServer({ shape: 'aws' });
  const canary = await startCanary();
  const vaultAuthority = await startIssuerServer({ shape: 'entra', tenant: TENANT_ID, tls: { cert: ctx.tls.serverCertPem, key: ctx.tls.serverKeyPem }, kids: { RS256: 'entraKey1' } });

  const raw = testEntraConfig();
  const app = raw.tenants[0].applications[0];
  app.federatedIdentityCredentials.push({ name: 'aws-second-account', issuer: `aws:${SECOND_ACCOUNT}`, subject: SECOND_ARN, audiences: [AUDIENCE] });
  raw.tenants[0].applications.push({
    appId: OTHER_CLIENT_ID,
    displayName: 'aws-other-workload',
    servicePrincipalId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
    federatedIdentityCredentials: [{ name: 'aws-other', issuer: 'aws:111122223333', subject: OTHER_ARN, audiences: [AUDIENCE] }],
  });
  raw.tenants[0].resources[0].grants.push({ appId: OTHER_CLIENT_ID, roles: [] });
  raw.tenants[0].managedIdentities = [
    {
      name: 'fedlab-battery-mi',
      subscriptionId: 'd2a7e10f-6a52-4c0e-8f2e-9d518c1f6a52',
      resourceGroup: 'fedlab-rg',
      clientId: MI_CLIENT_ID,
      principalId: MI_PRINCIPAL_ID,
      federatedIdentityCredentials: [{ name: 'aws-fedlab-workload', issuer: 'aws:111122223333', subject: WORKLOAD_ARN, audiences: [AUDIENCE] }],
    },
  ];
  options.entra?.(raw);
  const entra = await startEntra(validateConfig(entraConfigSchema, raw), ctx, { issuerAliases: { 'aws:111122223333': fi.issuer, [`aws:${SECOND_ACCOUNT}`]: fi2.issuer } });
  const vault = await startVault(
    vaultConfigSchema.parse({
      host: '127.0.0.1',
      port: 0,
      tenant: TENANT_ID,
      secrets: [{ name: 'demo-secret', value: 'security battery secret' }],
      accessPolicies: [{ objectId: SERVICE_PRINCIPAL_ID, permissions: ['get', 'list'] }],
    }),
    ctx,
    { entraAuthorityHost: vaultAuthority.base },
  );
  const ca = ctx.tls.caCertPem;
  const nowSeconds = () => Math.floor(ctx.clock.nowMs() / 1000);
  const strangers = new Map<Alg, Promise<CryptoKey>>();
  const strangerKey = async (alg: Alg) => {
    if (!strangers.has(alg)) strangers.set(alg, attacker.addKey(alg, { kid: `stranger-${alg}`, publish: false }).then((k) => k.privateKey));
    return strangers.get(alg)!;
  };

  const signWith = (key: CryptoKey, header: Record<string, unknown>, claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader(header as never).sign(key);
  const merge = (base: Record<string, unknown>, overrides: Record<string, unknown> = {}) => {
    const out = { ...base };
    for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete out[k];
    else out[k] = v;
    return out;
  };

  function kit(path: PathName): Kit {
    const now = nowSeconds();
    if (isEntraPath(path)) {
      const header = (alg: Alg = 'RS256', o?: Record<string, unknown>) => merge({ kid: alg === 'RS256' ? 'rsa1' : 'ec1', typ: 'JWT', alg }, o);
      const claims = (o?: Record<string, unknown>) =>
        merge(
          {
            aud: AUDIENCE,
            sub: WORKLOAD_ARN,
            [AWS_NS]: { aws_account: '111122223333', source_region: 'us-east-1', principal_id: WORKLOAD_ARN, principal_tags: { team: 'platform' } },
            iss: fi.issuer,
            exp: now + 300,
            iat: now,
            jti: randomUUID(),
          },
          o,
        );
      return {
        path,
        issuer: fi.issuer,
        audience: AUDIENCE,
        nowSeconds,
        claims,
        header,
        algs: ['RS256', 'ES384'],
        kidOf: (alg) => (alg === 'RS256' ? 'rsa1' : 'ec1'),
        async sign(o = {}) {
          const alg = o.alg ?? 'RS256';
          const key = fi.keys.get(o.kid ?? (alg === 'RS256' ? 'rsa1' : 'ec1'))!;
          return signWith(key.privateKey, o.header ?? header(key.alg), claims(o.claims));
        },
        signRaw: (h, p, o = {}) => fi.signRaw(h, p, o.kid ?? (o.alg === 'ES384' ? 'ec1' : 'rsa1')),
        signInput: (input, alg = 'RS256') => signInputWith(fi.keys.get(alg === 'RS256' ? 'rsa1' : 'ec1')!.privateKey, input, alg),
        signAs: async (alg, c) => new SignJWT(claims(c)).setProtectedHeader({ kid: 'rsa1', typ: 'JWT', alg }).sign(await importJWK(await exportJWK(fi.keys.get('rsa1')!.privateKey), alg)),
        async attackerSign(o = {}) {
          const alg = o.alg ?? 'RS256';
          return signWith(await strangerKey(alg), o.header ?? header(alg), claims(o.claims));
        },
      };
    }
    const v1Issuer = `https://sts.windows.net/${TENANT_ID}/`;
    const graph = path === 'graph';
    const signer = () => (graph ? entra.keys.current() : undefined);
    const kidFor = () => (graph ? signer()!.kid : 'entraKey1');
    const header = (alg: Alg = 'RS256', o?: Record<string, unknown>) => merge({ typ: 'JWT', alg, x5t: kidFor(), kid: kidFor() }, o);
    const claims = (o?: Record<string, unknown>) =>
      merge(
        {
          aud: graph ? 'https://graph.microsoft.com' : VAULT,
          iss: v1Issuer,
          iat: now - 300,
          nbf: now - 300,
          exp: now + 3600,
          appid: CLIENT_ID,
          appidacr: '2',
          idp: v1Issuer,
          idtyp: 'app',
          oid: SERVICE_PRINCIPAL_ID,
          ...(graph ? { roles: ['Application.ReadWrite.All'] } : {}),
          sub: SERVICE_PRINCIPAL_ID,
          tid: TENANT_ID,
          uti: randomUUID().replace(/-/g, '').slice(0, 22),
          ver: '1.0',
        },
        o,
      );
    const privateKey = () => (graph ? signer()!.signing.privateKey : vaultAuthority.keys.get('entraKey1')!.privateKey);
    return {
      path,
      issuer: v1Issuer,
      audience: graph ? 'https://graph.microsoft.com' : VAULT,
      nowSeconds,
      claims,
      header,
      algs: ['RS256'],
      kidOf: () => kidFor(),
      sign: async (o = {}) => signWith(privateKey(), o.header ?? header(o.alg), claims(o.claims)),
      signRaw: (h, p) => rawSign(h, p, privateKey(), 'RS256'),
      signInput: (input) => signInputWith(privateKey(), input, 'RS256'),
      ...(graph
        ? {}
        : { signAs: async (alg: string, c?: Record<string, unknown>) => new SignJWT(claims(c)).setProtectedHeader(header('RS256', { alg }) as never).sign(await importJWK(await exportJWK(privateKey()), alg)) }),
      async attackerSign(o = {}) {
        const alg = o.alg ?? 'RS256';
        return signWith(await strangerKey(alg), o.header ?? header(alg), claims(o.claims));
      },
    };
  }

  const post: SecurityLab['post'] = (body, o = {}) =>
    httpsRequest(`${entra.urls.authorityHost}${o.path ?? `/${TENANT_ID}/oauth2/v2.0/token`}`, ca, {
      method: o.method ?? 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...o.headers },
      body,
    });
  const vaultRequest: SecurityLab['vaultRequest'] = (method, path, headers = {}, body) => httpsRequest(`${vault.urls.url}${path}`, ca, { method, headers, ...(body !== undefined ? { body } : {}) });

  return {
    ctx,
    entra,
    vault,
    fi,
    fi2,
    attacker,
    vaultAuthority,
    canary,
    kit,
    post,
    vaultRequest,
    send(path, token) {
      switch (path) {
        case 'ca':
          return post(new URLSearchParams({ client_id: CLIENT_ID, scope: `${VAULT}/.default`, grant_type: 'client_credentials', client_assertion: token, client_assertion_type: JWT_BEARER }).toString());
        case 'mi':
          return post(new URLSearchParams({ client_id: MI_CLIENT_ID, scope: `${VAULT}/.default`, grant_type: 'client_credentials', client_assertion: token, client_assertion_type: JWT_BEARER }).toString());
        case 'te':
          return post(new URLSearchParams({ grant_type: TOKEN_EXCHANGE, client_id: CLIENT_ID, subject_token: token, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt', scope: `${VAULT}/.default` }).toString());
        case 'vault':
          return vaultRequest('GET', '/secrets/demo-secret?api-version=7.5', { authorization: `Bearer ${token}` });
        case 'graph':
          return httpsRequest(`${entra.urls.authorityHost}/v1.0/applications`, ca, { headers: { authorization: `Bearer ${token}` } });
      }
    },
    outbound: () => fi.total() + fi2.total() + attacker.total() + vaultAuthority.total() + canary.hits,
    async close() {
      await vault.close();
      await entra.close();
      await Promise.all([...(options.issuer ? [] : [fi.close()]), fi2.close(), attacker.close(), vaultAuthority.close(), canary.close()]);
    },
  };
}
