import { createLocalJWKSet, errors, type JSONWebKeySet, type JWSHeaderParameters, type FlattenedJWSInput } from 'jose';
import { fetchJson, FetchFailure, DEFAULT_FETCH_POLICY, urlOrigin, type FetchPolicy } from '../fetch/hardened-fetch.js';

export type MetadataStage = 'discovery' | 'jwks';

/** The issuer's discovery document or key set could not be used. */
export class IssuerMetadataError extends Error {
  constructor(readonly issuer: string, readonly stage: MetadataStage, readonly reason: string) {
    super(`${stage} for issuer ${issuer} failed: ${reason}`);
    this.name = 'IssuerMetadataError';
  }
}

/** The issuer's key set has no key for the token's header. */
export class SigningKeyNotFound extends Error {
  constructor(readonly issuer: string, readonly kid: string | undefined) {
    super(`no key with kid '${kid ?? ''}' in the key set of ${issuer}`);
    this.name = 'SigningKeyNotFound';
  }
}

export interface IssuerKeysOptions {
  fetchPolicy?: FetchPolicy;
  /** How long a fetched key set is used before it is fetched again. */
  cacheMaxAgeMs?: number;
  /** Minimum time between two fetches for one issuer, whether the last one failed or not. */
  cooldownMs?: number;
  /** Entra keeps only the first 100 keys of an external issuer's JWKS. */
  maxKeys?: number;
  nowMs?: () => number;
  /** Origins besides the issuer's own that a `jwks_uri` may name (as URLs or origins). */
  jwksOrigins?: readonly string[];
  /** Called for every outbound fetch (counts and logs). */
  onFetch?: (issuer: string, stage: MetadataStage, url: string) => void;
}

interface Entry {
  keys?: { set: JSONWebKeySet; select: ReturnType<typeof createLocalJWKSet>; fetchedAt: number };
  lastAttemptAt: number;
  lastError?: IssuerMetadataError;
  inflight?: Promise<void>;
}

export interface IssuerKeys {
  /** The key to verify a token of `issuer` with this protected header. */
  resolve(issuer: string, header: JWSHeaderParameters): Promise<CryptoKey>;
  /** The key set last fetched for the issuer, if any. */
  cached(issuer: string): JSONWebKeySet | undefined;
  forget(issuer?: string): void;
}

/**
 * The key set must be served by the issuer's own origin (scheme, host, port), or an origin the
 * configuration lists: a discovery document cannot send fedlab to another host or port (another
 * local service, a metadata address). AWS's, GitHub's and Entra's own issuers publish their keys
 * on their origin; Google's does not (see docs/security.md "Outbound fetches").
 */
function jwksOriginAllowed(url: string, issuer: string, extra: readonly string[]): boolean {
  const origin = urlOrigin(url);
  return origin !== undefined && (origin === urlOrigin(issuer) || extra.some((o) => urlOrigin(o) === origin));
}

/**
 * An issuer identifier has no query and no fragment (OpenID Connect Discovery 1.0 §2, RFC 8414 §2):
 * discovery appends `/.well-known/openid-configuration` to it, and a `?` or `#` would turn that
 * suffix into a query or drop it, sending the fetch to any path of an allowed origin (fedlab's own
 * listeners included). Refused before any request.
 */
function issuerIdentifierProblem(issuer: string): string | undefined {
  if (issuer.includes('?') || issuer.includes('#')) return `issuer ${issuer.slice(0, 200)} has a query or fragment (not an issuer identifier)`;
  return undefined;
}

/**
 * OIDC discovery then JWKS, per issuer, through the hardened fetcher. One fetch in flight per
 * issuer; a cooldown that holds whether the last fetch succeeded or failed (jose's own remote set
 * counts it from the last success only); the last good key set is used while the issuer is failing.
 */
export function createIssuerKeys(options: IssuerKeysOptions = {}): IssuerKeys {
  const policy = options.fetchPolicy ?? DEFAULT_FETCH_POLICY;
  const maxAge = options.cacheMaxAgeMs ?? 600_000;
  const cooldown = options.cooldownMs ?? 30_000;
  const maxKeys = options.maxKeys ?? 100;
  const now = options.nowMs ?? Date.now;
  const entries = new Map<string, Entry>();

  async function fetchStage(issuer: string, stage: MetadataStage, url: string): Promise<Record<string, unknown>> {
    options.onFetch?.(issuer, stage, url);
    try {
      const body = await fetchJson(url, policy);
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new IssuerMetadataError(issuer, stage, 'not a JSON object');
      return body as Record<string, unknown>;
    } catch (error) {
      if (error instanceof FetchFailure) throw new IssuerMetadataError(issuer, stage, error.reason);
      throw error;
    }
  }

  async function load(issuer: string, entry: Entry): Promise<void> {
    entry.lastAttemptAt = now();
    try {
      const problem = issuerIdentifierProblem(issuer);
      if (problem) throw new IssuerMetadataError(issuer, 'discovery', problem);
      const discovery = await fetchStage(issuer, 'discovery', `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      if (discovery.issuer !== issuer) {
        throw new IssuerMetadataError(issuer, 'discovery', `discovery document names issuer '${String(discovery.issuer)}'`);
      }
      if (typeof discovery.jwks_uri !== 'string') throw new IssuerMetadataError(issuer, 'discovery', 'no jwks_uri');
      if (!jwksOriginAllowed(discovery.jwks_uri, issuer, options.jwksOrigins ?? [])) {
        throw new IssuerMetadataError(issuer, 'discovery', `jwks_uri ${discovery.jwks_uri.slice(0, 200)} is not on the issuer's origin ${urlOrigin(issuer) ?? issuer}`);
      }
      const jwks = await fetchStage(issuer, 'jwks', discovery.jwks_uri);
      if (!Array.isArray(jwks.keys)) throw new IssuerMetadataError(issuer, 'jwks', 'no keys array');
      const set = { keys: (jwks.keys as unknown[]).slice(0, maxKeys) } as JSONWebKeySet;
      entry.keys = { set, select: createLocalJWKSet(set), fetchedAt: now() };
      entry.lastError = undefined;
    } catch (error) {
      entry.lastError =
        error instanceof IssuerMetadataError ? error : new IssuerMetadataError(issuer, 'jwks', (error as Error).message);
    }
  }

  async function refresh(issuer: string, entry: Entry): Promise<void> {
    if (!entry.inflight) entry.inflight = load(issuer, entry).finally(() => (entry.inflight = undefined));
    await entry.inflight;
  }

  // A clock moved back (fedlab's clock offset) makes elapsed time negative: count that as long ago,
  // or the cache would stay fresh and cooling down until the clock caught up again.
  const since = (time: number) => {
    const elapsed = now() - time;
    return elapsed < 0 ? Number.POSITIVE_INFINITY : elapsed;
  };
  const coolingDown = (entry: Entry) => entry.lastAttemptAt > 0 && since(entry.lastAttemptAt) < cooldown;

  return {
    async resolve(issuer, header) {
      let entry = entries.get(issuer);
      if (!entry) entries.set(issuer, (entry = { lastAttemptAt: 0 }));
      const stale = !entry.keys || since(entry.keys.fetchedAt) >= maxAge;
      if (entry.inflight) await entry.inflight;
      else if (stale && !coolingDown(entry)) await refresh(issuer, entry);
      if (!entry.keys) throw entry.lastError ?? new IssuerMetadataError(issuer, 'discovery', 'not fetched');
      try {
        return await entry.keys.select(header, {} as FlattenedJWSInput) as CryptoKey;
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      }
      // Unknown kid: the issuer may have rotated; fetch again unless we did so a moment ago.
      if (!coolingDown(entry)) {
        await refresh(issuer, entry);
        if (entry.keys) {
          try {
            return await entry.keys.select(header, {} as FlattenedJWSInput) as CryptoKey;
          } catch (error) {
            if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
          }
        }
      }
      throw new SigningKeyNotFound(issuer, header.kid);
    },
    cached: (issuer) => entries.get(issuer)?.keys?.set,
    forget(issuer) {
      if (issuer === undefined) entries.clear();
      else entries.delete(issuer);
    },
  };
}
