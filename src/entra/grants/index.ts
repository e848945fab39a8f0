import { clientCredentialsGrant } from './client-credentials.js';
import type { Grant } from './grant.js';
import { tokenExchangeGrant } from './token-exchange.js';

/** The token endpoint's grants by grant_type. */
export const GRANTS: ReadonlyMap<string, Grant> = new Map([clientCredentialsGrant, tokenExchangeGrant].map((g) => [g.grantType, g]));
