import type { FaultRegistry } from '../core/control/fault-registry.js';
import type { IssuerKeys } from '../core/jwt/issuer-keys.js';
import type { ReplayCache } from '../core/jwt/replay-cache.js';
import type { SigningAlgorithm } from '../core/keys/signing-key.js';
import type { PartyContext } from '../core/party-context.js';
import type { EntraConfig } from './config.js';
import type { EntraFaultSpec } from './control/fault-spec.js';
import type { Directory } from './directory/directory.js';
import type { TraceLog } from './exchange/trace-log.js';
import type { KnownHosts } from './http/known-hosts.js';
import type { EntraKeyRing } from './keys/entra-keys.js';
import type { TenantPolicies } from './tenant-policy/tenant-policies.js';

/** Everything the Entra party's request handlers share. */
export interface EntraRuntime {
  readonly config: EntraConfig;
  readonly ctx: PartyContext;
  readonly directory: Directory;
  readonly keys: EntraKeyRing;
  /** Discovery + JWKS of external issuers, cached (only issuers some credential names). */
  readonly issuerKeys: IssuerKeys;
  readonly traces: TraceLog;
  /** Assertion algorithms accepted: RS256 (+ ES384 unless strict). */
  readonly algorithms: readonly SigningAlgorithm[];
  /** (iss, jti) of assertions already used, when `entra.replayCache.enabled`. */
  readonly replayCache?: ReplayCache;
  /** Known once the listener has its port. */
  hosts: KnownHosts;
  /** Token-endpoint faults injected through `/_fedlab/faults`. */
  readonly faults: FaultRegistry<EntraFaultSpec>;
  /** Each tenant's federation switches and Conditional Access policies, changeable at runtime. */
  readonly tenantPolicies: TenantPolicies;
}
