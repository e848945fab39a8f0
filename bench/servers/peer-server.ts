import { OAuth2Server } from 'oauth2-mock-server';
import { serveInChild } from '../lib/serve-in-child.js';

export interface PeerServerInfo {
  url: string;
}

/** The peer: axa-group/oauth2-mock-server, RS256, as its README starts it. */
await serveInChild<PeerServerInfo>(async () => {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  return { info: { url: `http://127.0.0.1:${server.address().port}` }, close: () => server.stop() };
});
