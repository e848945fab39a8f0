import { randomBytes } from 'node:crypto';
import { createPartyClient } from '../client/party-client.js';
import { isLoopbackHost } from '../core/control/admin-access.js';
import { listen } from '../core/http/listen.js';
import { CALLER_HEADER } from '../core/http/request-origin.js';
import type { PartyContext } from '../core/party-context.js';
import { createConsoleApp, type ConsoleMount } from './app.js';
import type { ConsoleConfig } from './config.js';
import { ConsoleError } from './http/console-error.js';
import type { ConsoleRuntime } from './runtime.js';
import type { ConsoleSources, ConsoleUrls } from './sources.js';
import { createAdminTokens } from './upstream/admin-token.js';

export { consoleConfigSchema, type ConsoleConfig, type ConsoleConfigInput } from './config.js';
export type { ConsoleMount } from './app.js';

export interface ConsoleDeps {
  /** Where the parties listen (the urls document). */
  urls: ConsoleUrls;
  /** fedlab's local CA (PEM): the console trusts it to call the HTTPS parties. */
  ca: string;
  /** Routers other features add to the console listener (e.g. the labs API at /api/labs). */
  mounts?: readonly ConsoleMount[];
}

export interface ConsoleParty {
  urls: { url: string };
  /** The listener's own address (what a balancer in front forwards to); `urls` name `publicUrl` when set. */
  listenerUrl: string;
  /** Set when the console requires a token (bound beyond loopback): print `${url}/?token=${token}`. */
  token?: string;
  close(): Promise<void>;
}

/**
 * Start the workshop console: the page and its backend-for-frontend over plain HTTP. It reads the
 * configuration (principals' keys, tenants) but reaches the parties only through `deps.urls`.
 */
export async function startConsole(config: ConsoleSources & { console: ConsoleConfig }, ctx: PartyContext, deps: ConsoleDeps): Promise<ConsoleParty> {
  // The console's own calls are labelled as such in every event they cause (the Live log marks them).
  // With the proxy, issuers have their real form: the console reaches them through it, as a relying party would.
  const client = createPartyClient(deps.ca, { headers: { [CALLER_HEADER]: 'console' }, unreachable: (message) => new ConsoleError(502, 'party_unreachable', message), ...(deps.urls.proxy ? { proxyUrl: deps.urls.proxy.url } : {}) });
  const authorityHost = () => deps.urls.entra?.authorityHost.replace(/\/$/, '') ?? '';
  const runtime: ConsoleRuntime = {
    sources: config,
    urls: deps.urls,
    client,
    adminTokens: createAdminTokens(client, authorityHost, ctx.clock.nowMs),
    events: ctx.events,
    clock: ctx.clock,
    logger: ctx.logger,
    adminToken: ctx.adminToken,
  };
  const loopback = isLoopbackHost(config.console.host);
  const token = config.console.token ?? (loopback ? undefined : randomBytes(24).toString('base64url'));
  let port = config.console.port;
  const app = createConsoleApp(runtime, { loopback, token, port: () => port, publicUrl: config.console.publicUrl }, deps.mounts);
  const listener = await listen(app, { host: config.console.host, port: config.console.port, hostErrorCode: 'host_not_allowed', publicUrl: config.console.publicUrl });
  port = listener.port;
  ctx.logger.info({ url: listener.url, tokenRequired: token !== undefined }, 'console listening');
  return {
    urls: { url: listener.publicUrl },
    listenerUrl: listener.url,
    ...(token ? { token } : {}),
    async close() {
      await listener.close();
      await client.close();
    },
  };
}
