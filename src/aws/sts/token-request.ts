import type { SigningAlgorithm } from '../../core/keys/signing-key.js';
import { memberList, structList } from '../awsquery/form-params.js';

export type SubjectMode = 'AWSIdentity' | 'OriginIdentity';

/** GetWebIdentityToken members as sent (absent members are undefined; nothing checked yet). */
export interface TokenRequestInput {
  audience?: string[];
  signingAlgorithm?: string;
  durationSeconds?: string;
  tags?: { key?: string; value?: string }[];
  subjectMode?: string;
  scope?: string;
}

/** A request that passed every input check. */
export interface TokenRequest {
  audiences: string[];
  algorithm: SigningAlgorithm;
  durationSeconds: number;
  tags: [string, string][];
  subjectMode: SubjectMode;
  scope?: string;
}

export const DEFAULT_DURATION_SECONDS = 300;

const optional = (params: URLSearchParams, name: string) => params.get(name) ?? undefined;

export function readTokenRequest(params: URLSearchParams): TokenRequestInput {
  return {
    audience: memberList(params, 'Audience'),
    signingAlgorithm: optional(params, 'SigningAlgorithm'),
    durationSeconds: optional(params, 'DurationSeconds'),
    tags: structList(params, 'Tags', (prefix) => ({ key: optional(params, `${prefix}.Key`), value: optional(params, `${prefix}.Value`) })),
    subjectMode: optional(params, 'SubjectMode'),
    scope: optional(params, 'Scope'),
  };
}
