import type { QueryAction } from '../awsquery/action.js';
import { disableOutboundWebIdentityFederation } from './disable-outbound-web-identity-federation.js';
import { enableOutboundWebIdentityFederation } from './enable-outbound-web-identity-federation.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { getOutboundWebIdentityFederationInfo } from './get-outbound-web-identity-federation-info.js';
import { getWebIdentityToken } from './get-web-identity-token.js';

/** Action name → module: everything fedlab's awsQuery endpoint answers. */
export const ACTIONS: ReadonlyMap<string, QueryAction> = new Map(
  [getWebIdentityToken, getCallerIdentity, enableOutboundWebIdentityFederation, disableOutboundWebIdentityFederation, getOutboundWebIdentityFederationInfo].map((a) => [a.name, a]),
);
