import type { JWTPayload } from 'jose';
import type { Tenant } from '../../directory/directory.js';
import type { EntraRuntime } from '../../runtime.js';

/** Who calls the Graph API: an application, by its token from this Entra. */
export interface GraphCaller {
  /** The token's `tid`: the tenant whose directory the call reads and changes. */
  tenant: Tenant;
  /** `oid`: the calling app's service principal (what `owners` lists). */
  servicePrincipalId: string;
  appId: string;
  /** Application permissions on Microsoft Graph (`roles`). */
  roles: readonly string[];
}

/** What the authentication checks learn, in order. */
export interface GraphAuthContext {
  readonly runtime: EntraRuntime;
  readonly authorization: string | undefined;
  readonly now: Date;
  token?: string;
  claims?: JWTPayload;
  caller?: GraphCaller;
}
