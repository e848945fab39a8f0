import type { Application, DirectoryFic } from '../directory/directory.js';
import type { GraphCaller } from './auth/graph-caller.js';
import { resourceNotFound } from './graph-error.js';
import type { ApplicationRef, CredentialRef } from './graph-path.js';
import type { EntraRuntime } from '../runtime.js';

/** The application the URL names, in the caller's tenant, or 404 Request_ResourceNotFound. */
export function findApplication(runtime: EntraRuntime, caller: GraphCaller, ref: ApplicationRef): Application {
  const { directory } = runtime;
  const app = ref.by === 'id' ? directory.applicationByObjectId(caller.tenant, ref.value) : directory.application(caller.tenant, ref.value);
  if (!app) throw resourceNotFound(ref.by === 'id' ? ref.value : `appId='${ref.value}'`, 'application');
  return app;
}

/** By id, or by name (Graph's alternate key, not case-sensitive). */
export function lookupCredential(app: Application, ref: CredentialRef): DirectoryFic | undefined {
  const name = ref.value.toLowerCase();
  const byName = (fic: DirectoryFic) => fic.name.toLowerCase() === name;
  return ref.by === 'name' ? app.federatedIdentityCredentials.find(byName) : (app.federatedIdentityCredentials.find((fic) => fic.id === ref.value) ?? app.federatedIdentityCredentials.find(byName));
}

export function findCredential(app: Application, ref: CredentialRef): DirectoryFic {
  const fic = lookupCredential(app, ref);
  if (!fic) throw resourceNotFound(ref.value, 'credential');
  return fic;
}
