import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { FedlabConfigInput } from '../../src/config.js';
import type { Logger } from '../../src/core/logger.js';
import type { FedlabEvent } from '../../src/core/events.js';
import { createAssertionCredential } from '../../src/client/assertion-credential.js';
import { startFedlab, type Fedlab } from '../../src/start-fedlab.js';
import { defaultConfigObject } from '../helpers/temp-config.js';

export const WORKLOAD = 'arn:aws:iam::111122223333:role/fedlab-workload';
export const ACCOUNT = '111122223333';
export const VAULT_SCOPE = 'https://vault.azure.net/.default';

/** A pino logger whose lines a test can read. */
export function memoryLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines: () => lines.map((l) => JSON.parse(l)) };
}

/**
 * The default config with Entra fetching the issuer's discovery and JWKS on every exchange
 * (no cache, no cooldown) and giving up after `timeoutMs`, unless a test wants the defaults.
 */
export function runtimeConfig(options: { noIssuerCache?: boolean; timeoutMs?: number } = {}): FedlabConfigInput & Record<string, any> {
  const config = defaultConfigObject() as FedlabConfigInput & Record<string, any>;
  config.entra!.externalIssuers = options.noIssuerCache === false ? { timeoutMs: options.timeoutMs ?? 5000 } : { cacheMaxAgeSeconds: 0, cooldownSeconds: 0, timeoutMs: options.timeoutMs ?? 800 };
  return config;
}

export function startRuntimeLab(config = runtimeConfig(), logger?: Logger): Promise<Fedlab> {
  return startFedlab({ config, ports: 'auto', ...(logger ? { logger } : {}) });
}

/** `/_fedlab/*` of one listener, as JSON over HTTP(S) trusting fedlab's CA. */
export function control(fedlab: Fedlab, party: 'aws' | 'entra' | 'vault') {
  const base = party === 'aws' ? fedlab.urls.aws.endpoint : party === 'entra' ? fedlab.urls.entra!.authorityHost : fedlab.urls.vault!.url;
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> => {
    const res = await fedlab.fetch(`${base}/_fedlab${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
}

/**
 * One token request through @azure/identity's ClientAssertionCredential, whose assertion comes
 * from the real AWS SDK (fedlab's STS) unless a test passes its own. A fresh credential per
 * attempt: msal caches tokens per credential instance.
 */
export async function exchange(fedlab: Fedlab, getAssertion?: () => Promise<string>): Promise<{ ok: true } | { ok: false; message: string }> {
  const credential = getAssertion
    ? createAssertionCredential({ authorityHost: fedlab.entraAuthorityHost!, tenantId: fedlab.tenantId!, clientId: fedlab.clientId!, ca: fedlab.ca, getAssertion })
    : fedlab.assertionCredential({ principalArn: WORKLOAD });
  try {
    await credential.getToken(VAULT_SCOPE);
    return { ok: true };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

export function eventsOf(fedlab: Fedlab, type: string): FedlabEvent[] {
  return fedlab.events.recent().filter((e) => e.type === type);
}
