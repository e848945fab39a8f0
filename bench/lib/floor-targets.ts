import type { FloorServerInfo } from '../reference/floor-server.js';
import { CLIENT_ID, JWT_BEARER_ASSERTION_TYPE, SCOPE, TENANT_ID, type SubjectAlgorithm } from './fixture.js';
import { expectAccessToken, FORM, type Target } from './target.js';

export function floorTargets(info: FloorServerInfo): Target[] {
  const target = (alg: SubjectAlgorithm): Target => ({
    id: `floor exchange ${alg}`,
    server: 'floor',
    work: `reference: node:http + jose, verify ${alg} subject token, sign RS256`,
    request: {
      url: `${info.url}/${TENANT_ID}/oauth2/v2.0/token`,
      headers: { 'content-type': FORM },
      body: new URLSearchParams({ client_id: CLIENT_ID, scope: SCOPE, grant_type: 'client_credentials', client_assertion_type: JWT_BEARER_ASSERTION_TYPE, client_assertion: info.subjectTokens[alg] }).toString(),
    },
    checkResponse: expectAccessToken,
  });
  return [target('RS256'), target('ES384')];
}
