import { Agent, fetch } from 'undici';
import { ConsoleError } from '../http/console-error.js';

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

function parseJson(text: string, contentType: string | null): unknown {
  if (!contentType?.includes('json') || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createPartyClient(caPem: string, defaultTimeoutMs = 15_000): PartyClient {
  const dispatcher = new Agent({ connect: { ca: caPem }, keepAliveTimeout: 2_000 });
  return {
    async request(url, init = {}) {
      try {
        const response = await fetch(url, {
          method: init.method ?? 'GET',
          headers: init.headers,
          body: init.body,
          dispatcher,
          redirect: 'manual',
          signal: AbortSignal.timeout(init.timeoutMs ?? defaultTimeoutMs),
        });
        const text = await response.text();
        return { status: response.status, headers: response.headers as unknown as Headers, json: parseJson(text, response.headers.get('content-type')), text };
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (cause?.code ?? cause?.message ?? (error as Error).message);
        throw new ConsoleError(502, 'party_unreachable', `${init.method ?? 'GET'} ${url} failed: ${reason}`);
      }
    },
    close: () => dispatcher.close(),
  };
}
