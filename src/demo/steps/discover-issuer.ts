import * as oidc from 'openid-client';
import { createRemoteJWKSet, customFetch, decodeJwt, jwtVerify } from 'jose';
import type { DemoContext } from '../demo-context.js';
import type { DemoStep } from '../demo-step.js';

/** What a relying party does first: OIDC discovery of the token's issuer, then its keys. */
export async function discoverIssuer(ctx: DemoContext): Promise<DemoStep> {
  const iss = String(decodeJwt(ctx.awsToken!).iss);
  const base = { id: 'issuer-discovery' as const, title: 'Issuer discovery and signature check (openid-client + jose)' };
  try {
    const config = await oidc.discovery(new URL(iss), 'fedlab-demo', undefined, undefined, {
      execute: iss.startsWith('http:') ? [oidc.allowInsecureRequests] : [],
      [oidc.customFetch]: (url, options) => ctx.fetch(url, options as RequestInit),
    });
    const metadata = config.serverMetadata();
    const { protectedHeader } = await jwtVerify(ctx.awsToken!, createRemoteJWKSet(new URL(metadata.jwks_uri!), { [customFetch]: ctx.fetch }), { issuer: iss });
    return {
      ...base,
      ok: true,
      summary: `issuer ${iss} publishes key '${protectedHeader.kid}'; signature valid`,
      details: { issuer: iss, jwks_uri: metadata.jwks_uri, kid: protectedHeader.kid, algorithms: metadata.id_token_signing_alg_values_supported },
    };
  } catch (error) {
    return { ...base, ok: false, summary: 'the token could not be verified through discovery', details: { issuer: iss }, error: { code: (error as Error).name, message: (error as Error).message } };
  }
}
