import { decodeJwt, decodeProtectedHeader, errors } from 'jose';
import { AWS_CLAIM_NOTES, ENTRA_CLAIM_NOTES } from '../../demo/claim-notes.js';
import { badInput } from '../http/console-error.js';

/** AWS puts its own claims in one namespace object; they are shown as claims of their own. */
export const AWS_NAMESPACE = 'https://sts.amazonaws.com/';

export interface DescribedClaim {
  name: string;
  value: unknown;
  note: string;
}

export interface TimeClaim {
  name: 'iat' | 'nbf' | 'exp';
  value: number;
  iso: string;
  /** Seconds from now (negative: in the past). */
  inSeconds: number;
}

export interface DescribedToken {
  kind: 'aws' | 'entra' | 'other';
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  explained: DescribedClaim[];
  times: TimeClaim[];
  expired: boolean | null;
}

function kindOf(claims: Record<string, unknown>): DescribedToken['kind'] {
  if (typeof claims[AWS_NAMESPACE] === 'object') return 'aws';
  if (typeof claims.tid === 'string' && (typeof claims.appid === 'string' || typeof claims.azp === 'string')) return 'entra';
  return 'other';
}

/** Header, claims with what each means, and the token's times relative to `nowSeconds`. */
export function describeToken(token: string, nowSeconds: number): DescribedToken {
  let header: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
    claims = decodeJwt(token) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof errors.JOSEError ? error.message : 'not a compact JWT';
    throw badInput(`the token cannot be decoded: ${reason}`);
  }
  const kind = kindOf(claims);
  const notes = kind === 'aws' ? AWS_CLAIM_NOTES : kind === 'entra' ? ENTRA_CLAIM_NOTES : {};
  const explained: DescribedClaim[] = Object.entries(claims)
    .filter(([name]) => name !== AWS_NAMESPACE)
    .map(([name, value]) => ({ name, value, note: notes[name] ?? '' }));
  const namespace = claims[AWS_NAMESPACE];
  if (namespace && typeof namespace === 'object') {
    for (const [name, value] of Object.entries(namespace)) explained.push({ name: `${AWS_NAMESPACE} ${name}`, value, note: AWS_CLAIM_NOTES[name] ?? '' });
  }
  const times = (['iat', 'nbf', 'exp'] as const)
    .filter((name) => typeof claims[name] === 'number')
    .map((name) => {
      const value = claims[name] as number;
      return { name, value, iso: new Date(value * 1000).toISOString(), inSeconds: value - nowSeconds };
    });
  const exp = claims.exp;
  return { kind, header, claims, explained, times, expired: typeof exp === 'number' ? exp <= nowSeconds : null };
}
