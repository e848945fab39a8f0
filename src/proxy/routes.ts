import { GITHUB_ACTIONS_HOST, ISSUER_HOST_SUFFIX, MICROSOFT_LOGIN_HOST, VAULT_HOST_SUFFIX } from '../core/real-hosts.js';

/** Where a cloud host name is answered inside fedlab. */
export interface Route {
  /** The listener's base URL, e.g. http://127.0.0.1:4580. */
  upstream: string;
  /** Prepended to the path (an account's issuer lives under `/<issuer id>` on the AWS listener). */
  pathPrefix: string;
  /** Answered by the proxy itself (a party fedlab does not run here), in that cloud's error format. */
  unserved?: { status: number; contentType: string; body: string };
}

export interface RouteTargets {
  aws: string;
  /** Issuer ids of the AWS accounts (`<id>.tokens.sts.global.api.aws`). */
  issuerIds: readonly string[];
  entra?: string;
  /** Key Vault name → listener URL (`<name>.vault.azure.net`). */
  vaults: Readonly<Record<string, string>>;
  /** GitHub Actions' issuer listener (token.actions.githubusercontent.com), when this fedlab runs one. */
  github?: string;
  /** The ARM-shaped API's base URL (urls key `arm`), when this fedlab runs one. */
  arm?: string;
}

export const ARM_HOST = 'management.azure.com';

/** ARM's error envelope `{"error":{"code","message"}}` when no ARM-shaped API runs behind the name. */
const ARM_NOT_RUNNING: Route = {
  upstream: '',
  pathPrefix: '',
  unserved: {
    status: 404,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ error: { code: 'ArmNotServed', message: `fedlab's proxy answers for ${ARM_HOST}, but this fedlab runs no Azure Resource Manager API (no urls key 'arm'); nothing was forwarded` } }),
  },
};

/** `https://127.0.0.1:4581/arm` → forwarded to that origin with `/arm` before every path. */
function routeTo(base: string): Route {
  const url = new URL(base);
  return { upstream: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
}


const REGION = '[a-z]{2}(?:-gov)?-[a-z]+-\\d';
/**
 * STS (global, regional, FIPS and the dual-stack api.aws forms), IAM, and the JSON 1.1 services
 * fedlab answers on the same listener: CloudTrail (regional) and Organizations (one global endpoint,
 * organizations[-fips].us-east-1.amazonaws.com; AWS General Reference, "AWS Organizations endpoints
 * and quotas", https://docs.aws.amazon.com/general/latest/gr/ao.html), with the FIPS and dual-stack
 * forms the SDK endpoint rulesets build (@aws-sdk/client-cloudtrail, client-organizations).
 */
const AWS_API_HOSTS = [
  new RegExp(`^cloudtrail(?:-fips)?\\.${REGION}\\.(?:amazonaws\\.com|api\\.aws)$`),
  new RegExp(`^organizations(?:-fips)?\\.us-(?:east-1|gov-west-1)\\.(?:amazonaws\\.com|api\\.aws)$`),
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
    if (host === GITHUB_ACTIONS_HOST && targets.github) return { upstream: targets.github, pathPrefix: '' };
    if (host === ARM_HOST) return targets.arm ? routeTo(targets.arm) : ARM_NOT_RUNNING;
    if (targets.entra && (host === MICROSOFT_LOGIN_HOST || host === 'graph.microsoft.com')) return { upstream: targets.entra, pathPrefix: '' };
    if (host.endsWith(VAULT_HOST_SUFFIX)) {
      const name = host.slice(0, -VAULT_HOST_SUFFIX.length);
      const upstream = Object.entries(targets.vaults).find(([vault]) => vault.toLowerCase() === name)?.[1];
      return upstream ? { upstream, pathPrefix: '' } : undefined;
    }
    return undefined;
  };
}
