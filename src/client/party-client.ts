import { Agent, ProxyAgent, fetch, type Dispatcher, type Headers } from 'undici';
import { trustContext } from '../core/tls/trust-context.js';

export interface PartyResponse {
  status: number;
  headers: Headers;
  /** The body parsed as JSON when it is JSON, else undefined. */
  json: unknown;
  text: string;
}

export interface PartyRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

/** HTTP(S) to fedlab's parties, trusting fedlab's local CA (and nothing is ever sent unverified). */
export interface PartyClient {
  request(url: string, init?: PartyRequest): Promise<PartyResponse>;
  close(): Promise<void>;
}

export interface PartyClientOptions {
  timeoutMs?: number;
  /** Headers sent with every request (the console names itself as the caller, say). */
  headers?: Record<string, string>;
  /** The error thrown when a party cannot be reached or does not answer in time (default: Error). */
  unreachable?: (message: string) => Error;
  /** fedlab's forward proxy: the clouds' real names (a real-form issuer, say) go through it; loopback stays direct. */
  proxyUrl?: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function parseJson(text: string, contentType: string | null): unknown {
  if (!contentType?.includes('json') || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createPartyClient(caPem: string, options: PartyClientOptions = {}): PartyClient {
  const direct = new Agent({ connect: { secureContext: trustContext(caPem) }, keepAliveTimeout: 2_000 });
  const proxied = options.proxyUrl ? new ProxyAgent({ uri: options.proxyUrl, requestTls: { secureContext: trustContext(caPem) } }) : undefined;
  const dispatcherFor = (url: string): Dispatcher => (proxied && !LOOPBACK.has(new URL(url).hostname) ? proxied : direct);
  const unreachable = options.unreachable ?? ((message: string) => new Error(message));
  return {
    async request(url, init = {}) {
      try {
        const response = await fetch(url, {
          method: init.method ?? 'GET',
          headers: { ...options.headers, ...init.headers },
          body: init.body,
          dispatcher: dispatcherFor(url),
          redirect: 'manual',
          signal: AbortSignal.timeout(init.timeoutMs ?? options.timeoutMs ?? 15_000),
        });
        const text = await response.text();
        return { status: response.status, headers: response.headers, json: parseJson(text, response.headers.get('content-type')), text };
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (cause?.code ?? cause?.message ?? (error as Error).message);
        throw unreachable(`${init.method ?? 'GET'} ${url} failed: ${reason}`);
      }
    },
    close: async () => {
      await direct.close();
      await proxied?.close();
    },
  };
}
