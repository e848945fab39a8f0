import { CheckFailure } from '../../core/checks.js';
import { AADSTS, aadstsMessage, type AadstsCode } from './aadsts-catalogue.js';

export interface FailureOptions {
  /** Report under this stage instead of the failing check's (RFC 8693 names errors after it). */
  stage?: 'request' | 'client' | 'assertion' | 'target';
  /** Sent as `Retry-After` (a 503 while the replicas' shared store is unreachable). */
  retryAfterSeconds?: number;
  /** Members Entra adds to this error's body (e.g. `suberror` and `claims` of a Conditional Access block). */
  body?: Record<string, string>;
}

/**
 * A check's rejection in Entra's terms. `detail` is fedlab's own explanation: it goes to the
 * trace, the log and the event, never into Entra's error_description.
 */
export function entraFailure(code: AadstsCode, values: Record<string, string | number> = {}, detail?: string, options: FailureOptions = {}): CheckFailure {
  const entry = AADSTS[code];
  return new CheckFailure(String(code), aadstsMessage(code, values), entry.status, {
    error: entry.error,
    ...(detail ? { detail } : {}),
    ...(options.stage ? { stage: options.stage } : {}),
    ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}),
    ...(options.body ? { body: options.body } : {}),
  });
}

export function aadstsCodeOf(failure: CheckFailure): AadstsCode {
  return Number(failure.code) as AadstsCode;
}
