import type { Request, Response } from 'express';
import type { SigningKey } from '../../core/keys/signing-key.js';

/** The published keys: `kty`, `n`, `e` with `kid`, `alg` and `use`, as GitHub's JWKS lists them. */
export function jwks(key: SigningKey) {
  const body = { keys: [{ kty: key.publicJwk.kty, n: key.publicJwk.n, e: key.publicJwk.e, kid: key.kid, alg: key.alg, use: 'sig' }] };
  return (_req: Request, res: Response): void => {
    res.set('cache-control', 'public, max-age=3600').json(body);
  };
}
