import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { trustContext } from '../tls/trust-context.js';
import { addressAllowed, classifyAddress, DEFAULT_ADDRESS_POLICY, type AddressPolicy } from './address-policy.js';

/** Why an outbound fetch failed; `reason` is safe to show to a client. */
export class FetchFailure extends Error {
  constructor(readonly url: string, readonly reason: string) {
    super(`GET ${url} failed: ${reason}`);
    this.name = 'FetchFailure';
  }
}

export interface FetchPolicy {
  timeoutMs: number;
  maxBytes: number;
  requireHttps: boolean;
  addresses: AddressPolicy;
  /** Extra trusted CA certificates (PEM), e.g. fedlab's own local CA. */
  ca?: string;
  /**
   * Host names answered at a fixed address instead of through DNS: `*.tokens.sts.global.api.aws`
   * is fedlab's own proxy. Explicitly allowed whatever `addresses` says; TLS is still verified
   * for the host name (SNI and certificate).
   */
  pinnedHosts?: readonly PinnedHost[];
  /**
   * When set, a loopback address (literal or resolved) is fetched only for an origin this accepts:
   * fedlab's own issuers and issuers the configuration names, not every port of the machine.
   */
  loopbackOrigin?: (origin: string) => boolean;
  /**
   * fedlab's own public origins (`<party>.publicUrl`: a load balancer in front of the replicas, set
   * by the operator): fetched at loopback or private addresses whatever `addresses` says, as the
   * listeners themselves would be. Link-local and special-purpose addresses stay refused.
   */
  ownOrigins?: readonly string[];
}

export interface PinnedHost {
  /** An exact name, or `*.suffix` for every name under the suffix. */
  name: string;
  address: string;
  port: number;
}

export function pinnedHostFor(hostname: string, pins: readonly PinnedHost[] | undefined): PinnedHost | undefined {
  const host = hostname.toLowerCase();
  return pins?.find((pin) => (pin.name.startsWith('*.') ? host.endsWith(pin.name.slice(1)) && host.length > pin.name.length - 1 : host === pin.name));
}

/** `scheme://host:port` of an http(s) URL; undefined for anything else. */
export function urlOrigin(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  timeoutMs: 5000,
  maxBytes: 256 * 1024,
  requireHttps: false,
  addresses: DEFAULT_ADDRESS_POLICY,
};

/**
 * GET a JSON document with the rules an outbound fetch of attacker-influenced URLs needs:
 * no redirects, a timeout, a size cap, a JSON content type, and the address policy applied
 * to the resolved address at connect time.
 */
export function fetchJson(url: string, policy: FetchPolicy = DEFAULT_FETCH_POLICY): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new FetchFailure(url, 'not a valid URL'));
    }
    const fail = (reason: string) => reject(new FetchFailure(url, reason));
    if (target.protocol !== 'https:' && (policy.requireHttps || target.protocol !== 'http:')) {
      return fail(`scheme ${target.protocol} not allowed`);
    }
    if (target.username || target.password) return fail('credentials in URL not allowed');
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const pin = pinnedHostFor(host, policy.pinnedHosts);
    const own = policy.ownOrigins?.includes(target.origin) === true;
    const refusal = (address: string): string | undefined => {
      if (own && ['loopback', 'private'].includes(classifyAddress(address))) return undefined;
      if (!addressAllowed(address, policy.addresses)) return `address ${address} not allowed`;
      if (policy.loopbackOrigin && classifyAddress(address) === 'loopback' && !policy.loopbackOrigin(target.origin)) {
        return `loopback address ${address} not allowed for ${target.origin} (neither fedlab's own nor a configured issuer)`;
      }
      return undefined;
    };
    const literalRefusal = !pin && isIP(host) ? refusal(host) : undefined;
    if (literalRefusal) return fail(literalRefusal);

    const checkedLookup = (hostname: string, options: object, callback: (...args: unknown[]) => void) => {
      if (pin) {
        const family = isIP(pin.address);
        return (options as { all?: boolean }).all ? callback(null, [{ address: pin.address, family }]) : callback(null, pin.address, family);
      }
      dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error);
        const usable = addresses.filter((a) => !refusal(a.address));
        if (usable.length === 0) return callback(new FetchFailure(url, `resolved address not allowed (${refusal(addresses[0]?.address ?? '') ?? 'none'})`));
        if ((options as { all?: boolean }).all) return callback(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      });
    };

    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'GET',
        // A pinned host is still named as itself: in the Host header and the TLS server name.
        headers: { accept: 'application/json', ...(pin ? { host: target.host } : {}) },
        ...(pin ? { port: pin.port, servername: host } : {}),
        timeout: policy.timeoutMs,
        lookup: checkedLookup as never,
        ...(policy.ca && target.protocol === 'https:' ? { secureContext: trustContext(policy.ca) } : {}),
        agent: false,
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          return fail(`redirect (HTTP ${status}) not followed`);
        }
        if (status !== 200) {
          res.resume();
          return fail(`HTTP ${status}`);
        }
        const type = String(res.headers['content-type'] ?? '');
        if (!/^application\/([a-z0-9.+-]*\+)?json\b/i.test(type)) {
          res.resume();
          return fail(`content type '${type}' is not JSON`);
        }
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > policy.maxBytes) {
          res.destroy();
          return fail(`response larger than ${policy.maxBytes} bytes`);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > policy.maxBytes) {
            res.destroy();
            fail(`response larger than ${policy.maxBytes} bytes`);
          } else chunks.push(chunk);
        });
        res.on('error', (error) => fail(error.message));
        res.on('end', () => {
          if (size > policy.maxBytes) return;
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          } catch {
            fail('response is not valid JSON');
          }
        });
      },
    );
    // Two clocks: the socket's idle timeout, and a deadline for the whole exchange, so that a server
    // dripping one byte at a time cannot hold the fetch (and the issuer's single flight) for long.
    const timedOut = () => req.destroy(new FetchFailure(url, `timed out after ${policy.timeoutMs} ms`));
    const deadline = setTimeout(timedOut, policy.timeoutMs);
    req.on('timeout', timedOut);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', (error) => reject(error instanceof FetchFailure ? error : new FetchFailure(url, error.message)));
    req.end();
  });
}
