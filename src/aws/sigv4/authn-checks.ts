import { createHash, timingSafeEqual } from 'node:crypto';
import { CheckFailure, type Check } from '../../core/checks.js';
import type { AccountDirectory, KnownPrincipal } from '../accounts/directory.js';
import { formatAmzDate, parseAmzDate } from './amz-date.js';
import { parseAuthorization, type SigV4Authorization } from './authorization-header.js';
import { expectedSignature, type ReceivedRequest } from './expected-signature.js';

export interface AuthnContext {
  readonly request: ReceivedRequest;
  /** The signing name the action's service requires (sts, iam, cloudtrail…). */
  readonly service: string;
  readonly now: Date;
  readonly directory: AccountDirectory;
  authorization?: SigV4Authorization;
  signingDate?: Date;
  caller?: KnownPrincipal;
}

const MAX_SKEW_MS = 15 * 60_000;
const INVALID_TOKEN = 'The security token included in the request is invalid.';

const signatureMismatch = (message: string) => new CheckFailure('SignatureDoesNotMatch', message, 403);

function sameSecret(a: string, b: string): boolean {
  // Hash first so that lengths never leak and timingSafeEqual gets equal-length buffers.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

const authorizationPresent: Check<AuthnContext> = {
  name: 'authorization-present',
  run({ request }) {
    if (!request.headers.authorization) throw new CheckFailure('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
  },
};

const authorizationWellFormed: Check<AuthnContext> = {
  name: 'authorization-well-formed',
  run(ctx) {
    const header = ctx.request.headers.authorization!;
    const parsed = parseAuthorization(header);
    if (!parsed.ok && parsed.unsupportedAlgorithm) {
      throw new CheckFailure('IncompleteSignature', `Unsupported AWS 'algorithm': '${parsed.unsupportedAlgorithm}'. Only 'AWS4-HMAC-SHA256' (SigV4) is accepted.`, 400);
    }
    const problems = parsed.ok ? [] : [...parsed.problems];
    const amzDate = ctx.request.headers['x-amz-date'];
    if (!amzDate) problems.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    if (problems.length > 0) throw new CheckFailure('IncompleteSignature', `${problems.join(' ')} Authorization=${header}`, 400);
    const signingDate = parseAmzDate(amzDate!);
    if (!signingDate) {
      throw new CheckFailure('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'. See http://en.wikipedia.org/wiki/ISO_8601`, 400);
    }
    ctx.authorization = (parsed as { value: SigV4Authorization }).value;
    ctx.signingDate = signingDate;
  },
};

const credentialScope: Check<AuthnContext> = {
  name: 'credential-scope',
  run(ctx) {
    const auth = ctx.authorization!;
    if (auth.terminator !== 'aws4_request') throw signatureMismatch(`Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'.`);
    if (auth.service !== ctx.service) throw signatureMismatch(`Credential should be scoped to correct service: '${ctx.service}'. `);
    const amzDate = formatAmzDate(ctx.signingDate!);
    if (auth.scopeDate !== amzDate.slice(0, 8)) {
      throw signatureMismatch(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
    }
  },
};

const requestTime: Check<AuthnContext> = {
  name: 'request-time',
  run({ signingDate, now }) {
    const signed = formatAmzDate(signingDate!);
    const at = formatAmzDate(now);
    if (signingDate!.getTime() < now.getTime() - MAX_SKEW_MS) {
      throw new CheckFailure('RequestExpired', `Signature expired: ${signed} is now earlier than ${formatAmzDate(new Date(now.getTime() - MAX_SKEW_MS))} (${at} - 15 min.)`, 400);
    }
    if (signingDate!.getTime() > now.getTime() + MAX_SKEW_MS) {
      throw new CheckFailure('RequestExpired', `Signature not yet current: ${signed} is still later than ${formatAmzDate(new Date(now.getTime() + MAX_SKEW_MS))} (${at} + 15 min.)`, 400);
    }
  },
};

const accessKeyKnown: Check<AuthnContext> = {
  name: 'access-key-known',
  async run(ctx) {
    const accessKeyId = ctx.authorization!.accessKeyId;
    // With replicas, a session opened on another one may still be on its way.
    ctx.caller = ctx.directory.byAccessKey(accessKeyId) ?? (await ctx.directory.arrivingSession(accessKeyId));
    if (!ctx.caller) throw new CheckFailure('InvalidClientTokenId', INVALID_TOKEN, 403);
  },
};

/** Temporary credentials are only valid with their session token, and long-term keys without one. */
const securityToken: Check<AuthnContext> = {
  name: 'security-token',
  run({ caller, request }) {
    const sent = request.headers['x-amz-security-token'];
    const expected = caller!.principal.sessionToken;
    const matches = expected === null ? sent === undefined : sent !== undefined && sameSecret(sent, expected);
    if (!matches) throw new CheckFailure('InvalidClientTokenId', INVALID_TOKEN, 403);
  },
};

const sessionNotExpired: Check<AuthnContext> = {
  name: 'session-not-expired',
  run({ caller, now }) {
    const expiresAt = caller!.principal.sessionExpiresAt;
    if (expiresAt && Date.parse(expiresAt) <= now.getTime()) {
      throw new CheckFailure('ExpiredToken', 'The security token included in the request is expired', 403);
    }
  },
};

const payloadHash: Check<AuthnContext> = {
  name: 'payload-hash',
  run({ request }) {
    const claimed = request.headers['x-amz-content-sha256'];
    if (claimed !== undefined && claimed !== createHash('sha256').update(request.body).digest('hex')) {
      throw new CheckFailure('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.", 400);
    }
  },
};

const signature: Check<AuthnContext> = {
  name: 'signature',
  async run(ctx) {
    const auth = ctx.authorization!;
    const expected = await expectedSignature(ctx.request, auth, ctx.caller!.principal.secretAccessKey, ctx.signingDate!);
    const matches = expected.signedHeaders === auth.signedHeaders.join(';') && timingSafeEqual(Buffer.from(expected.signature, 'hex'), Buffer.from(auth.signature, 'hex'));
    if (!matches) {
      throw signatureMismatch(
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      );
    }
  },
};

/** SigV4 authentication, in the order a request is looked at: header, scope, time, key, signature. */
export const AUTHN_CHECKS: readonly Check<AuthnContext>[] = [
  authorizationPresent,
  authorizationWellFormed,
  credentialScope,
  requestTime,
  accessKeyKnown,
  securityToken,
  sessionNotExpired,
  payloadHash,
  signature,
];
