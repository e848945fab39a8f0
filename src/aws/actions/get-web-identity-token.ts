import { signJwt } from '../../core/jwt/sign-jwt.js';
import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { STS } from '../awsquery/services.js';
import { textElement } from '../awsquery/xml.js';
import { inputConstraints } from '../sts/input-constraints.js';
import type { MintContext } from '../sts/mint-context.js';
import { ISSUANCE_CHECKS } from '../sts/issuance-checks.js';
import { POLICY_CHECKS } from '../sts/policy-checks.js';
import { REQUEST_RULES } from '../sts/request-rules.js';
import { regionalEndpoint } from '../sts/regional-endpoint.js';
import { readTokenRequest } from '../sts/token-request.js';

/** Regional endpoint → validation → authorization → account switch → session cap → payload size (SigV4 already passed). */
const CHECKS = [regionalEndpoint, inputConstraints, ...REQUEST_RULES, ...POLICY_CHECKS, ...ISSUANCE_CHECKS];

/** `Expiration` is iat + duration with a zero fraction: `2025-12-28T09:52:23.000Z`. */
const expiration = (exp: number) => new Date(exp * 1000).toISOString();

/** sts:GetWebIdentityToken — a JWT from the caller's account issuer. */
export const getWebIdentityToken: QueryAction = {
  name: 'GetWebIdentityToken',
  service: STS,
  async handle({ party, params, caller, region, host, requestId, secureTransport, audit }) {
    const ctx: MintContext = {
      input: readTokenRequest(params),
      caller,
      region,
      host,
      nowSeconds: party.ctx.clock.nowSeconds(),
      maxPayloadBytes: party.config.maxPayloadBytes,
      organizations: party.organizations,
      secureTransport,
    };
    await enforceChecks(CHECKS, ctx);
    const { request, claims } = ctx as Required<MintContext>;
    const key = caller.account.keys.signingKey(request.algorithm);
    const token = await signJwt({ kid: key.kid, typ: 'JWT', alg: key.alg }, claims, key);
    party.ctx.events.publish({
      party: 'aws',
      type: 'token-minted',
      accountId: caller.account.id,
      principal: caller.principal.arn,
      audiences: request.audiences,
      alg: key.alg,
      kid: key.kid,
      jti: claims.jti,
      exp: claims.exp,
      issuer: claims.iss,
      // The name STS was reached by: sts.<region>.amazonaws.com through the proxy, the listener's address otherwise.
      ...(host ? { host: host.toLowerCase() } : {}),
      requestId,
    });
    party.ctx.logger.info({ requestId, principal: caller.principal.arn, kid: key.kid, jti: claims.jti }, 'web identity token minted');
    // CloudTrail's webIdentityTokenId is the token's jti (AWS documents the id, not its relation to jti).
    audit.responseElements = { webIdentityTokenId: claims.jti, expiration: expiration(claims.exp!) };
    return [textElement('WebIdentityToken', token), textElement('Expiration', expiration(claims.exp!))];
  },
};
