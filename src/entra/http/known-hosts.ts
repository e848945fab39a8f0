/** Where the Host header says a client reached us: only names that are really ours are echoed back. */
export interface PublicBase {
  /** `https://127.0.0.1:4581`, or `https://login.microsoftonline.com` when reached under that name. */
  url: string;
  microsoftHost: boolean;
}

export const MICROSOFT_LOGIN_HOST = 'login.microsoftonline.com';

export interface KnownHosts {
  /** The listener's own URL, or `entra.publicUrl`: what `urls.entra.authorityHost` advertises. */
  readonly defaultBase: string;
  baseFor(hostHeader: string | undefined): PublicBase;
  /** Every base URL this party answers as (to recognise its own tokens). */
  bases(): string[];
}

/**
 * With `publicUrl` (replicas behind a balancer) every replica speaks as the balancer, whatever
 * Host reached it: the issuer, discovery documents and Graph links are the same on all of them.
 */
export function createKnownHosts(listenerUrl: string, port: number, configuredHost: string, extraNames: readonly string[], publicUrl?: string): KnownHosts {
  const bracket = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  const names = new Set(['127.0.0.1', 'localhost', '[::1]', bracket(configuredHost)].map((n) => `${n}:${port}`.toLowerCase()));
  // Extra names count as written (a proxy's `name:443`) and on the listener's port.
  for (const name of extraNames) names.add(name.toLowerCase()).add(`${name}:${port}`.toLowerCase());
  if (publicUrl) names.add(new URL(publicUrl).host);
  return {
    defaultBase: publicUrl ?? listenerUrl,
    baseFor(hostHeader) {
      const host = (hostHeader ?? '').toLowerCase();
      if (host === MICROSOFT_LOGIN_HOST || host === `${MICROSOFT_LOGIN_HOST}:443`) return { url: `https://${MICROSOFT_LOGIN_HOST}`, microsoftHost: true };
      if (publicUrl) return { url: publicUrl, microsoftHost: false };
      return { url: names.has(host) ? `https://${host}` : listenerUrl, microsoftHost: false };
    },
    bases: () => [...names].map((n) => `https://${n}`),
  };
}
