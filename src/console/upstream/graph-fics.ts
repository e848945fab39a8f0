import type { Response } from 'express';
import { ConsoleError } from '../http/console-error.js';
import type { ConsoleRuntime } from '../runtime.js';
import { relay } from './fedlab-control.js';
import { graphRequest } from './graph.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/applications(appId='…')/federatedIdentityCredentials[/{name}]` for one application. */
export function ficPath(appId: string, name?: string): string {
  if (!GUID.test(appId)) throw new ConsoleError(400, 'invalid_input', `appId must be a GUID, not '${appId}'`);
  return `/applications(appId='${appId}')/federatedIdentityCredentials${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}

/** Graph's answer passed on as Graph gave it; a fake Entra without the Graph API is a 501. */
export async function relayGraph(runtime: ConsoleRuntime, res: Response, tenantId: string, method: string, path: string, body?: unknown): Promise<void> {
  const answer = await graphRequest(runtime, tenantId, method, path, body);
  const error = (answer.json as { error?: unknown } | undefined)?.error;
  if (answer.status === 404 && typeof error !== 'object') {
    throw new ConsoleError(501, 'graph_unavailable', `the fake Entra does not offer ${method} /beta${path}`);
  }
  relay(res, answer);
}
