import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import type { ConsoleRuntime } from '../runtime.js';

export interface VerificationStep {
  step: string;
  ok: boolean;
  detail: string;
}

export interface Verification {
  verified: boolean;
  issuer: string | null;
  /** Which of fedlab's issuers the token names: an AWS account or an Entra tenant. */
  issuedBy: { party: 'aws'; accountId: string } | { party: 'entra'; tenantId: string } | null;
  steps: VerificationStep[];
}

interface KeySourceFound {
  issuedBy: NonNullable<Verification['issuedBy']>;
  jwksUrl: (steps: VerificationStep[]) => Promise<string | undefined>;
}

/** AWS issuers publish discovery; the discovery's `issuer` must equal `iss` (OIDC Discovery §4.3). */
async function awsJwksUrl(runtime: ConsoleRuntime, iss: string, steps: VerificationStep[]): Promise<string | undefined> {
  const url = `${iss}/.well-known/openid-configuration`;
  const response = await runtime.client.request(url);
  const metadata = response.json as { issuer?: string; jwks_uri?: string } | undefined;
  if (response.status !== 200 || !metadata?.jwks_uri) {
    steps.push({ step: 'discovery', ok: false, detail: `${url} answered HTTP ${response.status}` });
    return undefined;
  }
  if (metadata.issuer !== iss) {
    steps.push({ step: 'discovery', ok: false, detail: `the discovery document names issuer ${metadata.issuer}, not ${iss}` });
    return undefined;
  }
  steps.push({ step: 'discovery', ok: true, detail: `${url} names jwks_uri ${metadata.jwks_uri}` });
  return metadata.jwks_uri;
}

function findIssuer(runtime: ConsoleRuntime, iss: string, claims: Record<string, unknown>): KeySourceFound | undefined {
  const account = Object.entries(runtime.urls.aws.issuers).find(([, url]) => url === iss);
  if (account) return { issuedBy: { party: 'aws', accountId: account[0] }, jwksUrl: (steps) => awsJwksUrl(runtime, iss, steps) };
  const host = runtime.urls.entra?.authorityHost.replace(/\/$/, '');
  const tenant = runtime.sources.entra?.tenants.find((t) => t.id === claims.tid);
  if (host && tenant && (iss === `https://sts.windows.net/${tenant.id}/` || iss === `${host}/${tenant.id}/v2.0`)) {
    return { issuedBy: { party: 'entra', tenantId: tenant.id }, jwksUrl: async () => `${host}/${tenant.id}/discovery/v2.0/keys` };
  }
  return undefined;
}

/** Verify a token's signature against the issuer fedlab runs for its `iss` (keys fetched over HTTPS). */
export async function verifyToken(runtime: ConsoleRuntime, token: string): Promise<Verification> {
  const steps: VerificationStep[] = [];
  const claims = decodeJwt(token) as Record<string, unknown>;
  const header = decodeProtectedHeader(token);
  const iss = typeof claims.iss === 'string' ? claims.iss : null;
  const found = iss ? findIssuer(runtime, iss, claims) : undefined;
  if (!found) {
    steps.push({ step: 'issuer', ok: false, detail: iss ? `${iss} is none of fedlab's issuers` : 'the token has no iss claim' });
    return { verified: false, issuer: iss, issuedBy: null, steps };
  }
  steps.push({ step: 'issuer', ok: true, detail: found.issuedBy.party === 'aws' ? `AWS account ${found.issuedBy.accountId}'s issuer` : `Entra tenant ${found.issuedBy.tenantId}` });
  const jwksUrl = await found.jwksUrl(steps);
  if (!jwksUrl) return { verified: false, issuer: iss, issuedBy: found.issuedBy, steps };
  const response = await runtime.client.request(jwksUrl);
  const jwks = response.json as JSONWebKeySet | undefined;
  if (response.status !== 200 || !Array.isArray(jwks?.keys)) {
    steps.push({ step: 'keys', ok: false, detail: `${jwksUrl} answered HTTP ${response.status}` });
    return { verified: false, issuer: iss, issuedBy: found.issuedBy, steps };
  }
  const kids = jwks.keys.map((k) => k.kid).filter(Boolean);
  if (!kids.includes(header.kid)) {
    steps.push({ step: 'keys', ok: false, detail: `no key '${header.kid}' among the published ${kids.join(', ') || '(none)'}` });
    return { verified: false, issuer: iss, issuedBy: found.issuedBy, steps };
  }
  steps.push({ step: 'keys', ok: true, detail: `key '${header.kid}' is published at ${jwksUrl}` });
  try {
    await compactVerify(token, createLocalJWKSet(jwks), { algorithms: ['RS256', 'ES384'] });
    steps.push({ step: 'signature', ok: true, detail: `valid ${header.alg} signature` });
    return { verified: true, issuer: iss, issuedBy: found.issuedBy, steps };
  } catch (error) {
    steps.push({ step: 'signature', ok: false, detail: (error as Error).message });
    return { verified: false, issuer: iss, issuedBy: found.issuedBy, steps };
  }
}
