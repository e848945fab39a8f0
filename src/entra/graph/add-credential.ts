import { randomUUID } from 'node:crypto';
import type { Application, DirectoryFic } from '../directory/directory.js';
import { announceCredentialChange } from './announce-credential-change.js';
import type { GraphCaller } from './auth/graph-caller.js';
import { checkCredential } from './credential-rules.js';
import type { CredentialInput } from './credential-body.js';
import { requireCreatable } from './credential-body.js';
import type { EntraRuntime } from '../runtime.js';

/**
 * Adds a credential (POST, or an upsert that creates): Graph's rules, a fresh id and, with
 * `entra.ficPropagationSeconds`, the instant it starts to work.
 */
export function addCredential(runtime: EntraRuntime, caller: GraphCaller, app: Application, input: CredentialInput): DirectoryFic {
  const delayMs = runtime.config.ficPropagationSeconds * 1000;
  const fic: DirectoryFic = { ...requireCreatable(input), id: randomUUID(), ...(delayMs > 0 ? { availableFromMs: runtime.ctx.clock.nowMs() + delayMs } : {}) };
  checkCredential(runtime, caller, app, fic);
  runtime.directory.setCredentials(caller.tenant, app, [...app.federatedIdentityCredentials, fic]);
  const availableFrom = fic.availableFromMs === undefined ? undefined : new Date(fic.availableFromMs).toISOString();
  announceCredentialChange(runtime, caller, app, 'created', fic, availableFrom ? { availableFrom } : {});
  return fic;
}
