import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RawForm } from '../exchange/exchange-context.js';
import type { RequestIds } from './request-ids.js';

/** A request to `/{tenant}/oauth2/v2.0/token` or `/{tenant}/oauth2/token`, its form read. */
export interface TokenRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** 1 for `/oauth2/token` (`resource=`), 2 for `/oauth2/v2.0/token` (`scope=`). */
  endpointVersion: 1 | 2;
  /** The path's tenant segment, percent-decoded where it decodes. */
  tenantSegment: string;
  path: string;
  /** The form as sent (`{}` when the body is no form); client_secret_basic is merged later. */
  form: RawForm;
  ids: RequestIds;
}

/**
 * A step before the token action: answers the request itself (true) or lets it through (false);
 * a promise only when it must ask the replicas' shared store.
 */
export type TokenGate = (request: TokenRequest) => boolean | Promise<boolean>;
