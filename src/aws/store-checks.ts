import { CheckFailure, type Check } from '../core/checks.js';
import { storeLost } from '../core/shared/store-gate.js';
import type { AwsRuntime } from './runtime.js';

export interface StoreCheckContext {
  readonly party: AwsRuntime;
  /** The operation's name, for the event. */
  readonly operation: string;
  /** The operation changes what every replica must see (IAM and Organizations writes, new STS sessions). */
  readonly changesSharedState: boolean;
}

/**
 * With replicas (`--store`, `--workers`), a change while their store is lost would stay on this
 * one: AWS's `ServiceUnavailable` (503, the common error of every AWS API,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html) until it is back.
 */
export const STORE_CHECKS: readonly Check<StoreCheckContext>[] = [
  {
    name: 'shared-store-reachable',
    run({ party, operation, changesSharedState }) {
      const lost = changesSharedState ? storeLost(party.ctx.sharedStore, party.ctx.events, operation) : undefined;
      if (lost) throw new CheckFailure('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 503, { retryAfterSeconds: lost.retryAfterSeconds, detail: lost.message });
    },
  },
];
