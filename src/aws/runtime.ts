import type { FaultRegistry } from '../core/control/fault-registry.js';
import type { PartyContext } from '../core/party-context.js';
import type { AccountDirectory } from './accounts/directory.js';
import type { AwsConfig } from './config.js';
import type { AwsFaultSpec } from './control/fault-spec.js';

/** What the AWS party's handlers share: its configuration, context and accounts. */
export interface AwsRuntime {
  readonly config: AwsConfig;
  readonly ctx: PartyContext;
  readonly directory: AccountDirectory;
  /** Issuer faults injected through `/_fedlab/faults`. */
  readonly faults: FaultRegistry<AwsFaultSpec>;
}
