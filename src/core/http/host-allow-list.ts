import { isIP } from 'node:net';

/**
 * Names of the real clouds that fedlab's forward proxy serves: a rebinding page cannot put its
 * own name there, since it does not control those DNS zones.
 */
export const CLOUD_HOST_SUFFIXES: readonly string[] = ['.amazonaws.com', '.api.aws', '.vault.azure.net'];
export const CLOUD_HOSTS: readonly string[] = ['login.microsoftonline.com', 'graph.microsoft.com', 'management.azure.com'];

export interface HostAllowList {
  /** Extra names this listener answers as (a DNS alias, a reverse proxy's name), on any port written or on its own. */
  hostnames?: readonly string[];
}

function splitHost(header: string): { name: string; port: number | undefined } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/i.exec(header.trim());
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, ''), port: match[2] === undefined ? undefined : Number(match[2]) };
}

/**
 * Why a `Host` header is refused (DNS rebinding), or undefined when it is one of ours. An IP
 * literal cannot come from a rebinding page (its origin would be that address itself); loopback
 * names need the listener's own port; cloud names are the forward proxy's.
 */
export function hostRefusal(header: string | undefined, port: number, allow: HostAllowList = {}): string | undefined {
  if (!header) return 'the request has no Host header';
  const host = splitHost(header);
  if (!host) return `the Host header ${JSON.stringify(header.slice(0, 100))} is not a host name`;
  if (isIP(host.name)) return undefined;
  // A configured `name:port` (a balancer's public origin, `localhost:8443` included) counts as written.
  const configured = (allow.hostnames ?? []).map((name) => name.toLowerCase());
  if (configured.includes(header.trim().toLowerCase())) return undefined;
  if (host.name === 'localhost' || host.name.endsWith('.localhost')) {
    return host.port === port ? undefined : `Host ${header} names another port than this listener's (${port})`;
  }
  if (configured.includes(host.name) && (host.port === undefined || host.port === port)) return undefined;
  if (CLOUD_HOSTS.includes(host.name) || CLOUD_HOST_SUFFIXES.some((suffix) => host.name.endsWith(suffix))) return undefined;
  return `this listener does not answer as ${JSON.stringify(header.slice(0, 100))}: use 127.0.0.1:${port}, localhost:${port}, a configured hostname or a cloud name served by the proxy`;
}
