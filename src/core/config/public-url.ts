import { z } from 'zod';

/**
 * `<party>.publicUrl`: the origin clients reach a party at when it runs behind a load balancer
 * (replicas). URLs the party hands out (issuers, authority host, vault URL, console URL) start with
 * it instead of the listener's own address; the listener answers to its Host too. An origin only:
 * the parties put their paths (issuer ids, tenants) under it themselves.
 */
export function publicUrlSchema(options: { httpsOnly: boolean }) {
  return z.string().transform((raw, ctx) => {
    const problem = publicUrlProblem(raw, options.httpsOnly);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    return new URL(raw).origin;
  });
}

function publicUrlProblem(raw: string, httpsOnly: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `expected an origin like https://fedlab.example.com:8443, got '${raw}'`;
  }
  const schemes = httpsOnly ? ['https:'] : ['http:', 'https:'];
  if (!schemes.includes(url.protocol)) return `expected ${httpsOnly ? 'an https' : 'an http or https'} URL, got '${url.protocol}'${httpsOnly ? ' (clients of this party require https)' : ''}`;
  if (url.username || url.password) return 'a public URL carries no credentials';
  if (url.pathname !== '/' || url.search || url.hash) return `expected an origin with no path, query or fragment (like ${url.origin}), got '${raw}'`;
  return undefined;
}

/** The Host header values a public URL arrives with: `name` alone on the scheme's port, and `name:port` always. */
export function publicHostNames(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return [...new Set([url.host, `${url.hostname}:${port}`])];
}
