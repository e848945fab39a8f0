import { ISSUER_HOST_SUFFIX, MICROSOFT_LOGIN_HOST, VAULT_HOST_SUFFIX } from '../core/real-hosts.js';

/** Where a cloud host name is answered inside fedlab. */
export interface Route {
  /** The listener's base URL, e.g. http://127.0.0.1:4580. */
  upstream: string;
  /** Prepended to the path (an account's issuer lives under `/<issuer id>` on the AWS listener). */
  pathPrefix: string;
}

export interface RouteTargets {
  aws: string;
  /** Issuer ids of the AWS accounts (`<id>.tokens.sts.global.api.aws`). */
  issuerIds: readonly string[];
  entra?: string;
  /** Key Vault name → listener URL (`<name>.vault.azure.net`). */
  vaults: Readonly<Record<string, string>>;
}


const REGION = '[a-z]{2}(?:-gov)?-[a-z]+-\\d';
/** STS (global, regional, FIPS and the dual-stack api.aws forms) and IAM: the AWS listener's awsQuery endpoint. */
const AWS_API_HOSTS = [
  new RegExp(`^sts(?:-fips)?(?:\\.${REGION})?\\.amazonaws\\.com$`),
  new RegExp(`^sts(?:-fips)?\\.${REGION}\\.api\\.aws$`),
  /^iam\.amazonaws\.com$/,
  /^iam\.global\.api\.aws$/,
];

export type RouteTable = (host: string) => Route | undefined;

/** Exactly the names fedlab answers for; anything else is not routed (and the proxy refuses it). */
export function createRouteTable(targets: RouteTargets): RouteTable {
  const issuerIds = new Set(targets.issuerIds.map((id) => id.toLowerCase()));
  return (rawHost) => {
    const host = rawHost.toLowerCase();
    if (AWS_API_HOSTS.some((pattern) => pattern.test(host))) return { upstream: targets.aws, pathPrefix: '' };
    if (host.endsWith(ISSUER_HOST_SUFFIX)) {
      const id = host.slice(0, -ISSUER_HOST_SUFFIX.length);
      return issuerIds.has(id) ? { upstream: targets.aws, pathPrefix: `/${id}` } : undefined;
    }
    if (targets.entra && (host === MICROSOFT_LOGIN_HOST || host === 'graph.microsoft.com')) return { upstream: targets.entra, pathPrefix: '' };
    if (host.endsWith(VAULT_HOST_SUFFIX)) {
      const name = host.slice(0, -VAULT_HOST_SUFFIX.length);
      const upstream = Object.entries(targets.vaults).find(([vault]) => vault.toLowerCase() === name)?.[1];
      return upstream ? { upstream, pathPrefix: '' } : undefined;
    }
    return undefined;
  };
}
