import type { AwsRuntime } from '../runtime.js';
import type { Account } from './account.js';

export interface RotateOptions {
  /** Stop publishing the older generations this long after the rotation (default: keep them). */
  retireOldAfterSeconds?: number;
}

/** Add key generation n+1 (RSA_<n+1>, EC384_<n+1>) for new tokens; older keys stay published until retired. */
export async function rotateAccountKeys(party: AwsRuntime, account: Account, options: RotateOptions = {}): Promise<{ kids: string[] }> {
  const kids = await account.keys.rotate(party.ctx.clock.now(), options.retireOldAfterSeconds);
  const retireOldAfterSeconds = options.retireOldAfterSeconds ?? null;
  party.ctx.events.publish({ party: 'aws', type: 'keys-rotated', accountId: account.id, kids, retireOldAfterSeconds });
  party.ctx.logger.info({ accountId: account.id, kids, retireOldAfterSeconds }, 'signing keys rotated');
  return { kids };
}
