import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { FetchLike } from './trust.js';

async function toNetworkResponse<T>(response: Response): Promise<NetworkResponse<T>> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  return { headers, body: (await response.json()) as T, status: response.status };
}

/** msal-node's `system.networkClient`, sending through a fetch that trusts fedlab's CA. */
export function createMsalNetworkClient(fetchImpl: FetchLike): INetworkModule {
  return {
    async sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      return toNetworkResponse<T>(await fetchImpl(url, { method: 'GET', headers: options?.headers }));
    },
    async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      return toNetworkResponse<T>(await fetchImpl(url, { method: 'POST', headers: options?.headers, body: options?.body }));
    },
  };
}
