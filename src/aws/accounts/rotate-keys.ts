import { ControlError } from '../../core/control/control-error.js';
import { ROTATION_BURST, ROTATION_REFILL_MS } from '../keys/key-ring.js';
import type { AwsRuntime } from '../runtime.js';
import type { Account } from './account.js';

export interface RotateOptions {
  /** Stop publishing the older generations this long after the rotation (default: keep them). */
  retireOldAfterSeconds?: number;
}

export class RotationRateExceeded extends ControlError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'TooManyRotations', `at most ${ROTATION_BURST} key rotations in a row, then one per ${ROTATION_REFILL_MS / 1000} s: retry in ${retryAfterSeconds} s`);
  }
}

/**
 * Add key generation n+1 (RSA_<n+1>, EC384_<n+1>) for new tokens; the previous generations stay
 * published until retired, and only the newest KEPT_GENERATIONS are kept at all.
 */
export async function rotateAccountKeys(party: AwsRuntime, account: Account, options: RotateOptions = {}): Promise<{ kids: string[] }> {
  const kids = await account.keys.rotate(party.ctx.clock.now(), options.retireOldAfterSeconds);
  if (!Array.isArray(kids)) {
    party.ctx.logger.warn({ accountId: account.id, retryAfterSeconds: kids.retryAfterSeconds }, 'signing key rotation refused: rate');
    throw new RotationRateExceeded(kids.retryAfterSeconds);
  }
  const retireOldAfterSeconds = options.retireOldAfterSeconds ?? null;
  party.ctx.events.publish({ party: 'aws', type: 'keys-rotated', accountId: account.id, kids, retireOldAfterSeconds });
  party.ctx.logger.info({ accountId: account.id, kids, retireOldAfterSeconds }, 'signing keys rotated');
  return { kids };
}
