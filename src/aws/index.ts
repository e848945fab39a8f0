import { evictionNotice } from '../core/bounds/eviction-notice.js';
import { createFaultRegistry, type FaultRegistry } from '../core/control/fault-registry.js';
import { listen } from '../core/http/listen.js';
import type { PartyContext } from '../core/party-context.js';
import { openAccountDirectory } from './accounts/directory.js';
import { setAccountFederation } from './accounts/federation-switch.js';
import { addPrincipal, removePrincipal, requireAccount } from './accounts/principal-admin.js';
import { rotateAccountKeys, type RotateOptions } from './accounts/rotate-keys.js';
import { createAwsApp } from './app.js';
import { awsHostRefusal } from './awsquery/host-refusal.js';
import type { AwsConfig, PrincipalConfig } from './config.js';
import { accountView } from './control/endpoints/list-accounts.js';
import { awsFaultSpecParser, type AwsFaultSpec, type AwsFaultSpecInput } from './control/fault-spec.js';
import type { AwsRuntime } from './runtime.js';
import { createIssuerKeys } from '../core/jwt/issuer-keys.js';
import { urlOrigin } from '../core/fetch/hardened-fetch.js';
import { createOidcProviderStore } from './oidc/provider-store.js';
import { providerFetchPolicy } from './oidc/fetch-policy.js';
import { createTrailStore } from './cloudtrail/trail-store.js';
import { followReplicaTrail } from './cloudtrail/follow-replica-trail.js';
import { openOrganizationStore } from './organizations/organization-store.js';
import { startImdsListeners } from './ec2/imds-listeners.js';
import { functionEnvironment } from './lambda/function-environment.js';
import { createEcsTaskRegistry } from './ecs/task-registry.js';
import { startContainerCredentials } from './ecs/credentials-listener.js';

export type { RotateOptions } from './accounts/rotate-keys.js';
export type { AwsFaultSpec, AwsFaultSpecInput } from './control/fault-spec.js';

export interface AwsUrls {
  /** STS and IAM (awsQuery, `POST /`); point the SDK's `endpoint` here. */
  endpoint: string;
  /** Account id → issuer URL (`{endpoint}/{issuerId}`). */
  issuers: Record<string, string>;
  /** EC2 instance id → its IMDSv2 endpoint (`AWS_EC2_METADATA_SERVICE_ENDPOINT`). */
  imds: Record<string, string>;
  /** ECS task id → its container credentials endpoint (`AWS_CONTAINER_CREDENTIALS_FULL_URI`; requests need the task's authorization token). */
  ecs: Record<string, string>;
}

export type AccountView = ReturnType<typeof accountView>;

export interface AwsParty {
  urls: AwsUrls;
  /** The listener's own address (what a balancer in front forwards to); `urls` name `publicUrl` when set. */
  listenerUrl: string;
  /** Add key generation n+1 (RSA_<n+1>, EC384_<n+1>) for new tokens; older keys stay published. */
  rotateSigningKeys(accountId: string, options?: RotateOptions): Promise<{ kids: string[] }>;
  /** The IAM switch, without a signed request (for labs and tests); persisted with a state dir. */
  setFederation(accountId: string, enabled: boolean): void;
  federationEnabled(accountId: string): boolean;
  /** What `GET /_fedlab/accounts` lists. */
  accounts(): AccountView[];
  /** A principal as in the configuration (validated the same way); persisted with a state dir. */
  addPrincipal(accountId: string, principal: unknown): PrincipalConfig;
  removePrincipal(accountId: string, accessKeyId: string): void;
  /** Every principal with its secrets (for building SDK credentials in-process). */
  principal(arnOrAccessKeyId: string): PrincipalConfig | undefined;
  /** A Lambda function's runtime environment: its execution role session's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION. */
  lambdaEnvironment(accountId: string, functionName: string): Record<string, string>;
  /** An ECS task's container environment: AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN, AWS_REGION. */
  ecsEnvironment(accountId: string, taskId: string): Record<string, string>;
  /** Issuer faults (what `/_fedlab/faults` manages on this listener). */
  faults: FaultRegistry<AwsFaultSpec>;
  /** Validates a FaultSpec as `POST /_fedlab/faults` does. */
  parseFaultSpec(spec: AwsFaultSpecInput): AwsFaultSpec;
  close(): Promise<void>;
}

export interface AwsStartOptions {
  /** Issuers carry the real form `https://<issuer id>.tokens.sts.global.api.aws` (a proxy answers for those names). */
  realIssuers?: boolean;
  /** Every party's `publicUrl` origin: fedlab's own, fetched wherever the balancer's address is. */
  ownOrigins?: readonly string[];
}

export async function startAws(config: AwsConfig, ctx: PartyContext, options: AwsStartOptions = {}): Promise<AwsParty> {
  const directory = await openAccountDirectory(config, ctx);
  // fedlab's own issuers live on this listener (its origin is known once it listens) and, behind a
  // balancer, at aws.publicUrl: both are fedlab's own (fetched at loopback or private addresses).
  let ownOrigin: string | undefined;
  const configuredProviders = new Set(config.accounts.flatMap((a) => a.oidcProviders.map((p) => urlOrigin(p.url))));
  const party: AwsRuntime = {
    config,
    ctx,
    directory,
    faults: createFaultRegistry<AwsFaultSpec>('aws', ctx),
    roles: (arn) => config.accounts.flatMap((a) => a.roles).find((r) => r.arn === arn),
    oidcProviders: createOidcProviderStore(config, ctx.clock.now(), ctx.store),
    providerKeys: createIssuerKeys({ fetchPolicy: providerFetchPolicy(ctx.tls.caCertPem, (origin) => origin === ownOrigin || configuredProviders.has(origin), options.ownOrigins), nowMs: () => ctx.clock.nowMs(), cooldownMs: 1000 }),
    trail: createTrailStore(config.maxTrailEventsPerAccount, undefined, evictionNotice(ctx.logger, 'the CloudTrail history', `maxTrailEventsPerAccount = ${config.maxTrailEventsPerAccount}, 16 MiB per account`)),
    organizations: openOrganizationStore(config, ctx.store),
    ecsTasks: createEcsTaskRegistry(config),
  };
  followReplicaTrail(party);
  const listener = await listen(createAwsApp(party), { host: config.host, port: config.port, hostRefusalAnswer: awsHostRefusal, publicUrl: config.publicUrl });
  ownOrigin = urlOrigin(listener.url);
  directory.setEndpoint(listener.publicUrl, options.realIssuers);
  ctx.logger.info({ endpoint: listener.url }, 'aws listening');
  const imds = await startImdsListeners(party);
  const containerCredentials = await startContainerCredentials(party, party.ecsTasks);

  return {
    urls: { endpoint: listener.publicUrl, issuers: Object.fromEntries(directory.accounts.map((a) => [a.id, a.issuerUrl])), imds: Object.fromEntries(imds.map((l) => [l.instanceId, l.url])), ecs: party.ecsTasks.fullUris() },
    listenerUrl: listener.url,
    rotateSigningKeys: (accountId, options) => rotateAccountKeys(party, requireAccount(party, accountId), options),
    setFederation(accountId, enabled) {
      setAccountFederation(party, requireAccount(party, accountId), enabled, 'admin');
    },
    federationEnabled: (accountId) => requireAccount(party, accountId).federationEnabled,
    accounts: () => directory.accounts.map((account) => accountView(party, account)),
    addPrincipal: (accountId, principal) => addPrincipal(party, accountId, principal),
    removePrincipal: (accountId, accessKeyId) => removePrincipal(party, accountId, accessKeyId),
    principal: (key) => directory.byAccessKey(key)?.principal ?? directory.accounts.flatMap((a) => a.principals).find((p) => p.arn === key),
    lambdaEnvironment: (accountId, functionName) => functionEnvironment(party, accountId, functionName),
    ecsEnvironment: (accountId, taskId) => party.ecsTasks.environment(party, accountId, taskId),
    faults: party.faults,
    parseFaultSpec: awsFaultSpecParser(directory),
    close: async () => {
      await Promise.all([...imds, ...(containerCredentials ? [containerCredentials] : [])].map((l) => l.close()));
      await listener.close();
    },
  };
}
