import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';

export type IssuerAlg = 'RS256' | 'ES384';
export type Stage = 'discovery' | 'jwks';

interface IssuerKey {
  kid: string;
  alg: IssuerAlg;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface MintOptions {
  alg?: IssuerAlg;
  /** Sign with this key id (default: the newest published key of the algorithm). */
  kid?: string;
  /** Replace the header entirely (member order kept). */
  header?: Record<string, unknown>;
  /** Merged over the default AWS-shaped claims; `undefined` values remove a claim. */
  claims?: Record<string, unknown>;
  lifetimeSeconds?: number;
  /** Issued-at, in epoch seconds (default now). */
  iat?: number;
}

export interface FakeIssuer {
  /** `http://127.0.0.1:<port>/<issuerId>`: path-based like fedlab's AWS issuer. */
  readonly issuer: string;
  readonly accountId: string;
  readonly requests: Record<Stage, number>;
  mint(options?: MintOptions): Promise<string>;
  /** A new key generation for the algorithm (RSA_1, EC384_1, …); it signs from now on. */
  rotate(alg?: IssuerAlg): Promise<string>;
  /** Stop publishing a key (it can still sign, for "unknown kid" cases). */
  unpublish(kid: string): void;
  /** Publish this key with some members replaced (a key that does not import, a wrong alg, …). */
  corrupt(kid: string, members: Record<string, unknown>): void;
  /** Answer this stage with an HTTP error status. */
  fail(stage: Stage, status?: number): void;
  /** Answer this stage with a body that is not JSON (still labelled application/json). */
  malformed(stage: Stage): void;
  /** Delay every answer. */
  slow(ms: number): void;
  /** Back to normal behaviour (keys stay as they are). */
  heal(): void;
  close(): Promise<void>;
}

export const AWS_NAMESPACE = 'https://sts.amazonaws.com/';

async function newKey(alg: IssuerAlg, generation: number): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg === 'RS256' ? 'RSA' : 'EC384'}_${generation}`;
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, use: 'sig', alg } };
}

/**
 * A controllable stand-in for an AWS account's outbound-federation issuer: discovery + JWKS shaped
 * like AWS's, tokens shaped like GetWebIdentityToken's, and switches for the failure cases.
 */
export async function startFakeIssuer(options: { accountId?: string; subject?: string; principalTags?: Record<string, string> } = {}): Promise<FakeIssuer> {
  const accountId = options.accountId ?? '111122223333';
  const issuerId = randomUUID();
  const keys: IssuerKey[] = [await newKey('RS256', 0), await newKey('ES384', 0)];
  const published = new Set(keys.map((k) => k.kid));
  const requests: Record<Stage, number> = { discovery: 0, jwks: 0 };
  let failures: Partial<Record<Stage, number>> = {};
  let garbled = new Set<Stage>();
  let delayMs = 0;
  let issuer = '';

  const answer = (stage: Stage, body: () => unknown) => async (_req: express.Request, res: express.Response) => {
    requests[stage]++;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (failures[stage]) return void res.status(failures[stage]!).json({ message: 'injected failure' });
    if (garbled.has(stage)) return void res.type('application/json').send('{"keys": [ this is not json');
    res.json(body());
  };

  const app = express();
  app.get(`/${issuerId}/.well-known/openid-configuration`, answer('discovery', () => ({
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'jti', AWS_NAMESPACE],
    id_token_signing_alg_values_supported: ['RS256', 'ES384'],
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    subject_types_supported: ['public'],
  })));
  app.get(`/${issuerId}/.well-known/jwks.json`, answer('jwks', () => ({ keys: keys.filter((k) => published.has(k.kid)).map((k) => k.publicJwk) })));
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${issuerId}`;
  const subject = options.subject ?? `arn:aws:iam::${accountId}:role/fedlab-workload`;

  return {
    issuer,
    accountId,
    requests,
    async mint(mint = {}) {
      const alg = mint.alg ?? 'RS256';
      const key = mint.kid ? keys.find((k) => k.kid === mint.kid)! : [...keys].reverse().find((k) => k.alg === alg && published.has(k.kid))!;
      const iat = mint.iat ?? Math.floor(Date.now() / 1000);
      const claims: JWTPayload = {
        aud: 'api://AzureADTokenExchange',
        sub: subject,
        [AWS_NAMESPACE]: {
          aws_account: accountId,
          source_region: 'us-east-1',
          principal_id: subject,
          principal_tags: options.principalTags ?? { team: 'platform' },
          org_id: 'o-exampleorg1',
          ou_path: ['o-exampleorg1/r-ab12/ou-ab12-11111111/'],
        },
        iss: issuer,
        exp: iat + (mint.lifetimeSeconds ?? 300),
        iat,
        jti: randomUUID(),
      };
      for (const [name, value] of Object.entries(mint.claims ?? {})) {
        if (value === undefined) delete claims[name];
        else claims[name] = value;
      }
      const header = mint.header ?? { kid: key.kid, typ: 'JWT', alg: key.alg };
      return new SignJWT(claims).setProtectedHeader(header as never).sign(key.privateKey);
    },
    async rotate(alg = 'RS256') {
      const key = await newKey(alg, keys.filter((k) => k.alg === alg).length);
      keys.push(key);
      published.add(key.kid);
      return key.kid;
    },
    unpublish: (kid) => void published.delete(kid),
    corrupt(kid, members) {
      const key = keys.find((k) => k.kid === kid)!;
      key.publicJwk = { ...key.publicJwk, ...members };
    },
    fail: (stage, status = 500) => void (failures[stage] = status),
    malformed: (stage) => void garbled.add(stage),
    slow: (ms) => void (delayMs = ms),
    heal() {
      failures = {};
      garbled = new Set();
      delayMs = 0;
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
