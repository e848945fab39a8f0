import type { Response } from 'express';
import type { JWTPayload } from 'jose';

/** Who a verified token says is calling: what role assignments and AuthorizationFailed name. */
export interface Caller {
  oid: string;
  /** `appid` in v1 tokens, `azp` in v2 tokens. */
  appid: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

export const callerFromClaims = (claims: JWTPayload): Caller => ({ oid: text(claims.oid), appid: text(claims.appid ?? claims.azp) });
export const callerOf = (res: Response): Caller => res.locals.caller as Caller;
