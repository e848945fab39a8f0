import type { Request, Response } from 'express';
import { aadstsMessage } from '../errors/aadsts-catalogue.js';
import { sendEntraError } from '../http/entra-error-response.js';
import { MICROSOFT_LOGIN_HOST } from '../http/known-hosts.js';
import { requestIds } from '../http/request-ids.js';
import type { EntraRuntime } from '../runtime.js';
import { discoveryHeaders } from './openid-configuration.js';

function instanceOf(runtime: EntraRuntime, authorizationEndpoint: unknown): { host: string; tenant: string } | undefined {
  if (typeof authorizationEndpoint !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(authorizationEndpoint);
  } catch {
    return undefined;
  }
  const tenant = url.pathname.split('/')[1];
  const ours = url.protocol === 'https:' && (url.host === MICROSOFT_LOGIN_HOST || runtime.hosts.bases().includes(`https://${url.host.toLowerCase()}`));
  return ours && tenant ? { host: url.host, tenant } : undefined;
}

/**
 * `GET /common/discovery/instance?api-version=1.1&authorization_endpoint=…`: MSAL asks this (on
 * login.microsoftonline.com) to learn an authority's aliases. Only reached when clients are
 * pointed at fedlab under Microsoft's name; this instance has one alias, itself.
 */
export function instanceDiscovery(runtime: EntraRuntime) {
  return (req: Request, res: Response): void => {
    const instance = instanceOf(runtime, req.query.authorization_endpoint);
    if (!instance) {
      sendEntraError(res, { status: 400, error: 'invalid_instance', code: 50049, message: aadstsMessage(50049), ids: requestIds(req), now: runtime.ctx.clock.now(), failedCheck: 'instance' });
      return;
    }
    discoveryHeaders(res);
    res.json({
      tenant_discovery_endpoint: `https://${instance.host}/${instance.tenant}/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata: [{ preferred_network: instance.host, preferred_cache: instance.host, aliases: [instance.host] }],
    });
  };
}
