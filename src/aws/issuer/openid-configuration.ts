import type { Request, Response } from 'express';
import type { Account } from '../accounts/account.js';
import { AWS_CLAIMS_NAMESPACE } from '../sts/token-claims.js';

/** `GET {iss}/.well-known/openid-configuration`: the members real AWS issuers publish, no more. */
export function openidConfiguration(_req: Request, res: Response): void {
  const account = res.locals.account as Account;
  res.json({
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'jti', AWS_CLAIMS_NAMESPACE],
    id_token_signing_alg_values_supported: ['RS256', 'ES384'],
    issuer: account.issuerUrl,
    jwks_uri: `${account.issuerUrl}/.well-known/jwks.json`,
    subject_types_supported: ['public'],
  });
}
