import type { FaultRegistry } from '../core/control/fault-registry.js';
import type { PartyContext } from '../core/party-context.js';
import type { AccountDirectory } from './accounts/directory.js';
import type { AwsConfig, RoleConfig } from './config.js';
import type { AwsFaultSpec } from './control/fault-spec.js';
import type { IssuerKeys } from '../core/jwt/issuer-keys.js';
import type { OidcProviderStore } from './oidc/provider-store.js';
import type { TrailStore } from './cloudtrail/trail-store.js';
import type { OrganizationStore } from './organizations/organization-store.js';
import type { EcsTaskRegistry } from './ecs/task-registry.js';

/** What the AWS party's handlers share: its configuration, context and accounts. */
export interface AwsRuntime {
  readonly config: AwsConfig;
  readonly ctx: PartyContext;
  readonly directory: AccountDirectory;
  /** Issuer faults injected through `/_fedlab/faults`. */
  readonly faults: FaultRegistry<AwsFaultSpec>;
  /** A configured role (sts:AssumeRole*), in any account. */
  roles(arn: string): RoleConfig | undefined;
  /** IAM OIDC providers, per account. */
  readonly oidcProviders: OidcProviderStore;
  /** Discovery + JWKS of OIDC providers' issuers (fetched only for a registered provider's URL). */
  readonly providerKeys: IssuerKeys;
  /** CloudTrail's event history of every STS, IAM and CloudTrail call, per account. */
  readonly trail: TrailStore;
  /** AWS Organizations' SCPs and RCPs and their attachments, per organization. */
  readonly organizations: OrganizationStore;
  /** Configured ECS tasks, with their container credentials ids and tokens. */
  readonly ecsTasks: EcsTaskRegistry;
}
