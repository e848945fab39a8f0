import type { PeerServerInfo } from '../servers/peer-server.js';
import { SCOPE } from './fixture.js';
import { expectAccessToken, FORM, type Target } from './target.js';

export function peerTargets(info: PeerServerInfo): Target[] {
  return [
    {
      id: 'peer oauth2-mock-server',
      server: 'peer',
      work: 'oauth2-mock-server /token client_credentials: sign RS256 (no verification)',
      request: { url: `${info.url}/token`, headers: { 'content-type': FORM }, body: new URLSearchParams({ grant_type: 'client_credentials', scope: SCOPE }).toString() },
      checkResponse: expectAccessToken,
    },
  ];
}
