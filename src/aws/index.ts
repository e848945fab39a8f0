import { listen } from '../core/http/listen.js';
import type { PartyContext } from '../core/party-context.js';
import type { Account } from './accounts/account.js';
import { openAccountDirectory } from './accounts/directory.js';
import { setAccountFederation } from './accounts/federation-switch.js';
import { createAwsApp } from './app.js';
import type { AwsConfig } from './config.js';
import type { AwsRuntime } from './runtime.js';

export interface AwsUrls {
  /** STS and IAM (awsQuery, `POST /`); point the SDK's `endpoint` here. */
  endpoint: string;
  /** Account id → issuer URL (`{endpoint}/{issuerId}`). */
  issuers: Record<string, string>;
}

export interface RotateOptions {
  /** Stop publishing the older generations this long after the rotation (default: keep them). */
  retireOldAfterSeconds?: number;
}

export interface AwsParty {
  urls: AwsUrls;
  /** Add key generation n+1 (RSA_<n+1>, EC384_<n+1>) for new tokens; older keys stay published. */
  rotateSigningKeys(accountId: string, options?: RotateOptions): Promise<{ kids: string[] }>;
  /** The IAM switch, without a signed request (for labs and tests). */
  setFederation(accountId: string, enabled: boolean): void;
  federationEnabled(accountId: string): boolean;
  close(): Promise<void>;
}

export async function startAws(config: AwsConfig, ctx: PartyContext): Promise<AwsParty> {
  const directory = await openAccountDirectory(config, ctx);
  const party: AwsRuntime = { config, ctx, directory };
  const listener = await listen(createAwsApp(party), { host: config.host, port: config.port });
  directory.setEndpoint(listener.url);
  ctx.logger.info({ endpoint: listener.url }, 'aws listening');

  const account = (accountId: string): Account => {
    const found = directory.byId(accountId);
    if (!found) throw new Error(`no AWS account ${accountId} in the configuration`);
    return found;
  };

  return {
    urls: { endpoint: listener.url, issuers: Object.fromEntries(directory.accounts.map((a) => [a.id, a.issuerUrl])) },
    async rotateSigningKeys(accountId, options = {}) {
      const target = account(accountId);
      const kids = await target.keys.rotate(ctx.clock.now(), options.retireOldAfterSeconds);
      ctx.events.publish({ party: 'aws', type: 'keys-rotated', accountId, kids, retireOldAfterSeconds: options.retireOldAfterSeconds ?? null });
      return { kids };
    },
    setFederation(accountId, enabled) {
      setAccountFederation(party, account(accountId), enabled, 'admin');
    },
    federationEnabled: (accountId) => account(accountId).federationEnabled,
    close: () => listener.close(),
  };
}
