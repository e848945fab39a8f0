import type { Application, DirectoryFic } from '../directory/directory.js';
import type { EntraRuntime } from '../runtime.js';
import type { GraphCaller } from './auth/graph-caller.js';
import type { GraphError } from './graph-error.js';

/**
 * `fic-created` / `fic-updated` / `fic-deleted`: the event the console and the lab checker follow,
 * and the matching log line. A deleted credential is named only by id and name.
 */
export function announceCredentialChange(
  runtime: EntraRuntime,
  caller: GraphCaller,
  app: Application,
  change: 'created' | 'updated' | 'deleted',
  fic: DirectoryFic,
  details: Record<string, unknown> = {},
): void {
  const credential = change === 'deleted' ? { id: fic.id, name: fic.name } : { id: fic.id, name: fic.name, issuer: fic.issuer, subject: fic.subject, audiences: fic.audiences };
  runtime.ctx.events.publish({ party: 'entra', type: `fic-${change}`, tenant: caller.tenant.id, appId: app.appId, credential, ...details, by: caller.appId });
  runtime.ctx.logger.info({ tenant: caller.tenant.id, appId: app.appId, credential: fic.name, ...details, by: caller.appId }, `federated identity credential ${change}`);
}

/**
 * `fic-rejected`: Graph refused to write the credential (the failed check, Graph's code and message),
 * so the lab checker can tell an attendee why, and the console can show it.
 */
export function announceCredentialRefusal(runtime: EntraRuntime, caller: GraphCaller, app: Application, fic: DirectoryFic, error: GraphError): void {
  const credential = { name: fic.name, issuer: fic.issuer, subject: fic.subject, audiences: fic.audiences, claimsMatchingExpression: fic.claimsMatchingExpression };
  runtime.ctx.events.publish({ party: 'entra', type: 'fic-rejected', tenant: caller.tenant.id, appId: app.appId, credential, status: error.status, code: error.code, failedCheck: error.check, message: error.message, ...(error.detail ? { detail: error.detail } : {}), by: caller.appId });
}
