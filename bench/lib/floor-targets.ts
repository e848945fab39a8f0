import type { FloorServerInfo } from '../reference/floor-server.js';
import { CLIENT_ID, JWT_BEARER_ASSERTION_TYPE, SCOPE, TENANT_ID, type SubjectAlgorithm } from './fixture.js';
import { expectAccessToken, FORM, type Target } from './target.js';

export function floorTargets(info: FloorServerInfo): Target[] {
  const target = (alg: SubjectAlgorithm, https = false): Target => ({
    id: `floor exchange ${alg}${https ? ' HTTPS' : ''}`,
    server: 'floor',
    work: `reference: node:${https ? 'https (local-CA P-256 certificate, as fedlab)' : 'http'} + jose, verify ${alg} subject token, sign RS256`,
    request: {
      url: `${https ? info.httpsUrl : info.url}/${TENANT_ID}/oauth2/v2.0/token`,
      ...(https ? { ca: info.caPem } : {}),
      headers: { 'content-type': FORM },
      body: new URLSearchParams({ client_id: CLIENT_ID, scope: SCOPE, grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: info.subjectTokens[alg] }).toString(),
    },
    checkResponse: expectAccessToken,
  });
  // The plain-HTTP floor is the reference; the HTTPS one shows what TLS alone costs.
  return [target('RS256'), target('ES384'), target('RS256', true), target('ES384', true)];
}
