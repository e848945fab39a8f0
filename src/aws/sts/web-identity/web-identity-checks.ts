import { errors, jwtVerify, type JWTPayload } from 'jose';
import { CheckFailure, type Check } from '../../../core/checks.js';
import { IssuerMetadataError, SigningKeyNotFound } from '../../../core/jwt/issuer-keys.js';
import { MalformedJwt, precheckCompactJwt, type DecodedJwt } from '../../../core/jwt/compact-precheck.js';
import type { RoleConfig } from '../../config.js';
import { evaluatePolicies, parsePolicyDocument, type PolicyDecision } from '../../iam/policy/index.js';
import { providerHost, type OidcProvider } from '../../oidc/provider-store.js';
import type { AwsRuntime } from '../../runtime.js';
import { inputValid, refuseBeyondMaxSessionDuration, sessionPolicies, type SessionInputContext } from '../assume-role/assume-role-checks.js';

/**
 * sts:AssumeRoleWithWebIdentity as AWS decides it: the model's constraints, the token's form, the
 * role, an IAM OIDC provider of the role's account for the token's issuer, one audience among the
 * provider's client ids, the provider's keys (discovery + JWKS), signature and times, then the
 * role's trust policy with the provider's condition keys.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
 */
export interface WebIdentityContext extends SessionInputContext {
  readonly party: AwsRuntime;
  readonly token: string | null;
  jwt?: DecodedJwt;
  role?: RoleConfig;
  provider?: OidcProvider;
  key?: CryptoKey;
  claims?: JWTPayload;
  decision?: PolicyDecision;
}

const ACTION = 'sts:AssumeRoleWithWebIdentity';
const invalidToken = (message: string) => new CheckFailure('InvalidIdentityToken', message, 400);
const notAuthorized = () => new CheckFailure('AccessDenied', `Not authorized to perform ${ACTION}`, 403);
const KEY_UNAVAILABLE = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

const tokenPresent: Check<WebIdentityContext> = {
  name: 'token-present',
  run({ token }) {
    if (token === null) throw new CheckFailure('ValidationError', "1 validation error detected: Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null", 400);
    if (token.length < 4 || token.length > 20000) {
      throw new CheckFailure('ValidationError', `1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length ${token.length < 4 ? 'greater than or equal to 4' : 'less than or equal to 20000'}`, 400);
    }
  },
};

const tokenFormat: Check<WebIdentityContext> = {
  name: 'token-format',
  run(ctx) {
    try {
      ctx.jwt = precheckCompactJwt(ctx.token!, { maxLength: 20000 });
    } catch (error) {
      if (error instanceof MalformedJwt) throw invalidToken('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
      throw error;
    }
    if (typeof ctx.jwt.payload.iss !== 'string') throw invalidToken('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)');
  },
};

const roleKnown: Check<WebIdentityContext> = {
  name: 'role-exists',
  run(ctx) {
    ctx.role = ctx.party.roles(ctx.input.roleArn!);
    if (!ctx.role) throw notAuthorized();
  },
};

const providerRegistered: Check<WebIdentityContext> = {
  name: 'provider-registered',
  run(ctx) {
    const iss = ctx.jwt!.payload.iss!;
    ctx.provider = ctx.party.oidcProviders.byUrl(ctx.role!.arn.split(':')[4]!, iss);
    // Only a registered provider's URL is ever fetched: a client cannot point fedlab elsewhere.
    if (!ctx.provider) throw invalidToken(`No OpenIDConnect provider found in your account for ${iss}`);
  },
};

/** `aud` as a list; null when it is neither a string nor a list of strings (a number, an object). */
function audiences(payload: JWTPayload): string[] | null {
  const aud: unknown = payload.aud;
  if (aud === undefined) return [];
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) && aud.every((a) => typeof a === 'string') ? aud : null;
}

const singleAudience: Check<WebIdentityContext> = {
  name: 'single-audience',
  run({ jwt }) {
    // AWS: AssumeRoleWithWebIdentity "rejects tokens from GetWebIdentityToken that have more than one audience".
    const list = audiences(jwt!.payload);
    if (list === null || list.length > 1) throw invalidToken('Incorrect token audience');
  },
};

const audienceRegistered: Check<WebIdentityContext> = {
  name: 'audience-registered',
  run({ jwt, provider }) {
    const [aud] = audiences(jwt!.payload) ?? [];
    if (aud === undefined || !provider!.clientIds.includes(aud)) throw invalidToken('Incorrect token audience');
  },
};

const providerKeys: Check<WebIdentityContext> = {
  name: 'provider-keys',
  async run(ctx) {
    try {
      ctx.key = await ctx.party.providerKeys.resolve(ctx.jwt!.payload.iss!, ctx.jwt!.header);
    } catch (error) {
      if (error instanceof IssuerMetadataError) throw new CheckFailure('IDPCommunicationError', KEY_UNAVAILABLE, 400, { detail: error.message });
      if (error instanceof SigningKeyNotFound || error instanceof errors.JOSEError) throw invalidToken(KEY_UNAVAILABLE);
      throw invalidToken(KEY_UNAVAILABLE);
    }
  },
};

const signatureAndTimes: Check<WebIdentityContext> = {
  name: 'signature',
  async run(ctx) {
    try {
      const { payload } = await jwtVerify(ctx.token!, ctx.key!, { currentDate: ctx.party.ctx.clock.now(), algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'], requiredClaims: ['exp'] });
      // Without a subject there is nothing to trust; an iat after now is a token from the future (no skew allowed, see docs/deviations-aws.md).
      if (typeof payload.sub !== 'string' || payload.sub === '') throw invalidToken('The token is not valid: it has no sub claim');
      if (typeof payload.iat === 'number' && payload.iat > ctx.party.ctx.clock.nowSeconds()) throw invalidToken('The token is not valid: its iat is in the future');
      ctx.claims = payload;
    } catch (error) {
      if (error instanceof CheckFailure) throw error;
      if (error instanceof errors.JWTExpired) {
        throw new CheckFailure('ExpiredTokenException', `Token expired: current date/time ${Math.floor(ctx.party.ctx.clock.nowSeconds())} must be before the expiration date/time${ctx.jwt!.payload.exp}`, 400);
      }
      if (error instanceof errors.JWTClaimValidationFailed) throw invalidToken(`The token is not valid: ${error.message}`);
      throw invalidToken('The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.');
    }
  },
};

const trustPolicy: Check<WebIdentityContext> = {
  name: 'trust-policy',
  run(ctx) {
    const host = providerHost(ctx.provider!.url);
    const claims = ctx.claims!;
    const amr = claims.amr;
    ctx.decision = evaluatePolicies(
      {
        principal: { arn: ctx.provider!.arn, account: ctx.role!.arn.split(':')[4]!, federated: ctx.provider!.arn },
        action: ACTION,
        resource: ctx.role!.arn,
        context: {
          [`${host}:aud`]: (audiences(claims) ?? [])[0],
          [`${host}:sub`]: typeof claims.sub === 'string' ? claims.sub : undefined,
          [`${host}:amr`]: Array.isArray(amr) ? amr.map(String) : typeof amr === 'string' ? amr : undefined,
          'aws:FederatedProvider': ctx.provider!.arn,
          'sts:RoleSessionName': ctx.input.roleSessionName!,
        },
      },
      { resource: [{ name: `trust policy of ${ctx.role!.arn}`, document: parsePolicyDocument(ctx.role!.trustPolicy, 'resource') }] },
    );
    if (!ctx.decision.allowed) throw notAuthorized();
  },
};

const duration: Check<WebIdentityContext> = {
  name: 'session-duration',
  run(ctx) {
    refuseBeyondMaxSessionDuration(ctx.durationSeconds!, ctx.role!);
  },
};

export const WEB_IDENTITY_CHECKS: readonly Check<WebIdentityContext>[] = [
  inputValid,
  tokenPresent,
  tokenFormat,
  roleKnown,
  sessionPolicies,
  providerRegistered,
  singleAudience,
  audienceRegistered,
  providerKeys,
  signatureAndTimes,
  trustPolicy,
  duration,
];
