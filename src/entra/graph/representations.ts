import type { Request, Response } from 'express';
import type { Application, Directory, DirectoryFic } from '../directory/directory.js';
import type { EntraRuntime } from '../runtime.js';
import { graphHeaders } from './graph-error.js';

const GRAPH_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export type GraphVersion = 'v1.0' | 'beta';

/** Which Graph the request came in on (the router is mounted at `/v1.0` and `/beta`). */
export function graphVersion(req: Request): GraphVersion {
  return req.baseUrl === '/beta' ? 'beta' : 'v1.0';
}

/** `@odata.context` URLs point at this listener's `/{version}/$metadata` (Graph's own would name graph.microsoft.com). */
export function metadataUrl(runtime: EntraRuntime, req: Request): string {
  return `${runtime.hosts.baseFor(req.headers.host).url}/${graphVersion(req)}/$metadata`;
}

export const contexts = {
  applications: (meta: string) => `${meta}#applications`,
  application: (meta: string) => `${meta}#applications/$entity`,
  credentials: (meta: string, app: Application) => `${meta}#applications('${app.objectId}')/federatedIdentityCredentials`,
  credential: (meta: string, app: Application) => `${meta}#applications('${app.objectId}')/federatedIdentityCredentials/$entity`,
};

/** The application properties fedlab models, in Graph's order. */
export function applicationJson(app: Application): Record<string, unknown> {
  return { id: app.objectId, deletedDateTime: null, appId: app.appId, displayName: app.displayName };
}

/** A credential as Graph returns it; `aws:<account>` issuers shown as the URL they stand for. */
export function credentialJson(fic: DirectoryFic, directory: Directory, version: GraphVersion): Record<string, unknown> {
  return {
    id: fic.id,
    name: fic.name,
    issuer: directory.issuerOf(fic) ?? fic.issuer,
    subject: fic.subject,
    description: fic.description ?? null,
    audiences: fic.audiences,
    // A property of Graph beta's type only (flexible credentials); v1.0 does not know it.
    ...(version === 'beta' ? { claimsMatchingExpression: fic.claimsMatchingExpression } : {}),
  };
}

export function sendGraphJson(req: Request, res: Response, status: number, body: Record<string, unknown>): void {
  graphHeaders(req, res);
  res.status(status).setHeader('Content-Type', GRAPH_JSON);
  res.end(JSON.stringify(body));
}

export function sendNoContent(req: Request, res: Response): void {
  graphHeaders(req, res);
  res.status(204).end();
}
