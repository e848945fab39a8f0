import type { JWTPayload } from 'jose';
import type { Response } from 'express';

/** Who a verified token says is calling: what access policies and Forbidden messages use. */
export interface Caller {
  oid: string;
  /** `appid` in v1 tokens, `azp` in v2 tokens. */
  appid: string;
  iss: string;
  tid: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function callerFromClaims(claims: JWTPayload): Caller {
  return { oid: text(claims.oid), appid: text(claims.appid ?? claims.azp), iss: text(claims.iss), tid: text(claims.tid) };
}

export const callerOf = (res: Response): Caller => res.locals.caller as Caller;
