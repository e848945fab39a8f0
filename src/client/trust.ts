import { Agent as HttpsAgent } from 'node:https';
import { Agent as UndiciAgent, fetch as undiciFetch } from 'undici';

/**
 * Trusting fedlab's local CA inside one process, without NODE_EXTRA_CA_CERTS (which Node reads
 * only at start-up) and without ever turning certificate checks off.
 */
export function createHttpsAgent(caPem: string): HttpsAgent {
  return new HttpsAgent({ ca: caPem, keepAlive: true });
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** A fetch that trusts fedlab's CA (on top of nothing else: it is for talking to fedlab). */
export function createTrustingFetch(caPem: string): FetchLike {
  const dispatcher = new UndiciAgent({ connect: { ca: caPem } });
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher } as never)) as unknown as FetchLike;
}

/** Options for any Azure SDK client (core-rest-pipeline) so it trusts fedlab's CA. */
export function azureTlsOptions(caPem: string): { tlsOptions: { ca: string } } {
  return { tlsOptions: { ca: caPem } };
}
