import { errors } from 'jose';
import { IssuerMetadataError, SigningKeyNotFound } from '../../../core/jwt/issuer-keys.js';
import { entraFailure } from '../../errors/entra-failure.js';
import { must, type ExchangeCheck } from '../exchange-context.js';

/**
 * OIDC discovery then JWKS of the token's issuer (only reached for an issuer a credential
 * names). A missing key is left to the signing-key check, so the two failures stay apart.
 */
export const issuerMetadataCheck: ExchangeCheck = {
  name: 'issuer-metadata',
  stage: 'assertion',
  async run(ctx) {
    const { header, payload } = must(ctx.jwt, 'jwt');
    try {
      ctx.issuerKey = await ctx.runtime.issuerKeys.resolve(payload.iss!, header);
    } catch (error) {
      if (error instanceof SigningKeyNotFound) ctx.missingKey = error;
      else if (error instanceof errors.JWKSMultipleMatchingKeys) ctx.missingKey = new SigningKeyNotFound(payload.iss!, header.kid);
      else if (error instanceof IssuerMetadataError) throw entraFailure(50166, {}, error.message);
      // Anything else came from the issuer's key material (a JWK that does not import): its fault, not ours.
      else throw entraFailure(50166, {}, `the key set of ${payload.iss} could not be used: ${(error as Error).message}`);
    }
  },
};
