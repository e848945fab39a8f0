import type { AwsRuntime } from '../runtime.js';
import type { Account } from './account.js';

/** Flip (and persist) the account's outbound federation switch and say so on the event bus. */
export function setAccountFederation(party: AwsRuntime, account: Account, enabled: boolean, via: 'iam' | 'admin'): void {
  account.setFederation(enabled);
  party.ctx.events.publish({ party: 'aws', type: enabled ? 'federation-enabled' : 'federation-disabled', accountId: account.id, issuer: account.issuerUrl, via });
  party.ctx.logger.info({ accountId: account.id, via }, `outbound web identity federation ${enabled ? 'enabled' : 'disabled'}`);
}
