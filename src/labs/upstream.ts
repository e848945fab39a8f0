import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { Agent, fetch } from 'undici';
import type { Attendee, AttendeePrincipal } from './attendee.js';

export interface UpstreamResponse {
  status: number;
  text: string;
  json: unknown;
}

/** HTTP(S) to fedlab's listeners, trusting fedlab's local CA: resets go through the public APIs. */
export interface Upstream {
  request(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

export function createUpstream(caPem: string): Upstream {
  const dispatcher = new Agent({ connect: { ca: caPem }, keepAliveTimeout: 2_000 });
  return {
    async request(url, init = {}) {
      const response = await fetch(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body, dispatcher, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
      const text = await response.text();
      let json: unknown;
      try {
        json = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json };
    },
    close: () => dispatcher.close(),
  };
}

/** An IAM awsQuery call signed with SigV4 as the AWS SDK signs it. */
export async function callIam(upstream: Upstream, endpoint: string, region: string, principal: AttendeePrincipal, action: string): Promise<UpstreamResponse> {
  const url = new URL(endpoint);
  const body = new URLSearchParams({ Action: action, Version: '2010-05-08' }).toString();
  const signer = new SignatureV4({ service: 'iam', region, sha256: Hash.bind(null, 'sha256'), credentials: principal });
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: {},
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  return upstream.request(url.href, { method: 'POST', headers: signed.headers as Record<string, string>, body });
}

/** A Graph token for the attendee's admin application (client credentials, as any Graph automation gets one). */
export async function graphToken(upstream: Upstream, authorityHost: string, attendee: Attendee): Promise<string> {
  if (!attendee.admin) throw new Error(`attendee ${attendee.id} has no application with a client secret to call Graph with`);
  const response = await upstream.request(`${authorityHost.replace(/\/$/, '')}/${attendee.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: attendee.admin.clientId, client_secret: attendee.admin.clientSecret, scope: 'https://graph.microsoft.com/.default' }).toString(),
  });
  const token = (response.json as { access_token?: string } | undefined)?.access_token;
  if (response.status !== 200 || !token) throw new Error(`Graph token request failed (${response.status}): ${response.text.slice(0, 300)}`);
  return token;
}
