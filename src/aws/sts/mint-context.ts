import type { JWTPayload } from 'jose';
import type { KnownPrincipal } from '../accounts/directory.js';
import type { OrganizationStore } from '../organizations/organization-store.js';
import type { TokenRequest, TokenRequestInput } from './token-request.js';

/** What the GetWebIdentityToken checks look at and fill in, from input to the finished claims. */
export interface MintContext {
  readonly input: TokenRequestInput;
  readonly caller: KnownPrincipal;
  /** SigV4 signing region → `source_region`. */
  readonly region: string;
  /** The Host the request reached. */
  readonly host?: string;
  readonly nowSeconds: number;
  readonly maxPayloadBytes: number;
  /** Policies of the organizations, for the authorization check. */
  readonly organizations: OrganizationStore;
  /** aws:SecureTransport. */
  readonly secureTransport: boolean;
  /** Set by the input constraints once the request is valid. */
  request?: TokenRequest;
  /** Set by the payload size check, which builds them. */
  claims?: JWTPayload;
}
