import type { Request, Response } from 'express';
import { ConsoleError } from '../http/console-error.js';
import type { ConsoleRuntime } from '../runtime.js';

interface PublishedKey {
  kid?: string;
  kty?: string;
  alg?: string;
}

/** Key ids are `RSA_<n>` / `EC384_<n>`: n is the generation a rotation adds. */
function generationOf(kid: string | undefined): number | null {
  const n = kid ? /_(\d+)$/.exec(kid)?.[1] : undefined;
  return n === undefined ? null : Number(n);
}

/** `GET /api/aws/issuers`: each account's issuer as a relying party sees it (discovery, then JWKS). */
export function issuers(runtime: ConsoleRuntime) {
  return async (_req: Request, res: Response): Promise<void> => {
    const entries = await Promise.all(
      Object.entries(runtime.urls.aws.issuers).map(async ([accountId, issuer]) => {
        const discoveryUrl = `${issuer}/.well-known/openid-configuration`;
        try {
          const discovery = await runtime.client.request(discoveryUrl, { timeoutMs: 5_000 });
          const jwksUri = (discovery.json as { jwks_uri?: string } | undefined)?.jwks_uri ?? `${issuer}/.well-known/jwks.json`;
          const jwks = await runtime.client.request(jwksUri, { timeoutMs: 5_000 });
          const keys = ((jwks.json as { keys?: PublishedKey[] } | undefined)?.keys ?? []).map((k) => ({ kid: k.kid, kty: k.kty, alg: k.alg, generation: generationOf(k.kid) }));
          return { accountId, issuer, discoveryUrl, discoveryStatus: discovery.status, jwksUri, jwksStatus: jwks.status, keys };
        } catch (error) {
          const message = error instanceof ConsoleError ? error.message : String(error);
          return { accountId, issuer, discoveryUrl, discoveryStatus: null, jwksUri: null, jwksStatus: null, keys: [], problem: message };
        }
      }),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.json({ value: entries });
  };
}
