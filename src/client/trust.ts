import { Agent as HttpsAgent } from 'node:https';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { Agent as UndiciAgent, ProxyAgent, fetch as undiciFetch } from 'undici';
import { trustContext } from '../core/tls/trust-context.js';

/**
 * Trusting fedlab's local CA inside one process, without NODE_EXTRA_CA_CERTS (which Node reads
 * only at start-up) and without ever turning certificate checks off.
 */
export function createHttpsAgent(caPem: string): HttpsAgent {
  return new HttpsAgent({ secureContext: trustContext(caPem), keepAlive: true });
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** A fetch that trusts fedlab's CA (on top of nothing else: it is for talking to fedlab). */
export function createTrustingFetch(caPem: string): FetchLike {
  const dispatcher = new UndiciAgent({ connect: { secureContext: trustContext(caPem) } });
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher } as never)) as unknown as FetchLike;
}

/** Options for any Azure SDK client (core-rest-pipeline) so it trusts fedlab's CA. */
export function azureTlsOptions(caPem: string): { tlsOptions: { ca: string } } {
  return { tlsOptions: { ca: caPem } };
}

/**
 * A fetch that sends every request through fedlab's proxy (production URLs such as
 * https://sts.us-east-1.amazonaws.com) and trusts fedlab's CA for the tunnelled TLS.
 */
export function createProxyFetch(proxyUrl: string, caPem: string): FetchLike {
  const dispatcher = new ProxyAgent({ uri: proxyUrl, requestTls: { secureContext: trustContext(caPem) } });
  return ((input: string | URL, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher } as never)) as unknown as FetchLike;
}

/** https-proxy-agent applies its own `ca` to the proxy hop only; the tunnelled TLS is fedlab's too. */
class TrustingProxyAgent extends HttpsProxyAgent<string> {
  constructor(proxyUrl: string, private readonly caPem: string) {
    super(proxyUrl, { keepAlive: true });
  }
  override connect(req: Parameters<HttpsProxyAgent<string>['connect']>[0], opts: Parameters<HttpsProxyAgent<string>['connect']>[1]) {
    return super.connect(req, opts.secureEndpoint ? { ...opts, secureContext: trustContext(this.caPem) } : opts);
  }
}

/** A node:https agent that tunnels through fedlab's proxy (for the AWS SDK's NodeHttpHandler, msal-node, ...). */
export function createProxyAgent(proxyUrl: string, caPem: string): HttpsAgent {
  return new TrustingProxyAgent(proxyUrl, caPem) as unknown as HttpsAgent;
}
