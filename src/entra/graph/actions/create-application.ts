import { randomUUID } from 'node:crypto';
import type { Application } from '../../directory/directory.js';
import { mayCreateApplications, insufficientPrivileges, READ_WRITE_ALL } from '../auth/permissions.js';
import { GraphError, invalidPayload, invalidValue } from '../graph-error.js';
import type { GraphAction } from '../graph-request.js';
import { applicationJson, contexts, metadataUrl, sendGraphJson } from '../representations.js';
import { appIdTaken } from '../reserved-app-ids.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROPERTIES = ['displayName', 'appId', 'id', '@odata.type'];

function optionalGuid(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !GUID.test(value)) throw invalidValue(name, 'Application', `${name} must be a GUID`);
  return value.toLowerCase();
}

/**
 * `POST /v1.0/applications` with `displayName`; `appId` and `id` are assigned, as Graph does. A
 * fedlab extension lets a caller with Application.ReadWrite.All choose them; to anyone else they are
 * read-only, as in Graph. A chosen appId must be free across the cloud (appIdTaken). The app's
 * service principal is created with it. A caller with OwnedBy becomes the owner, as Graph does.
 */
export const createApplication: GraphAction<'applications'> = ({ runtime, req, res, caller }) => {
  if (!mayCreateApplications(caller)) throw insufficientPrivileges(`creating applications needs ${READ_WRITE_ALL} or Application.ReadWrite.OwnedBy`);
  const body = req.body as unknown;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidPayload('the body must be a JSON object (Content-Type: application/json)');
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).find((k) => !PROPERTIES.includes(k));
  if (unknown) {
    throw new GraphError(400, 'BadRequest', `The property '${unknown}' does not exist on type 'microsoft.graph.application'. Make sure to only use property names that are defined by the type.`, 'request-body');
  }
  const displayName = fields.displayName;
  if (typeof displayName !== 'string' || displayName.length === 0 || displayName.length > 256) throw invalidValue('displayName', 'Application', 'displayName: 1-256 characters, required');
  for (const property of ['appId', 'id'] as const) {
    if (fields[property] !== undefined && !caller.roles.includes(READ_WRITE_ALL)) {
      // Graph's answer to a read-only property; choosing ids is fedlab's extension for ReadWrite.All.
      throw new GraphError(400, 'Request_BadRequest', `Property '${property}' is read-only and cannot be set.`, 'read-only-property', `only ${READ_WRITE_ALL} may choose ${property} (fedlab extension)`);
    }
  }
  if (caller.tenant.applications.length >= runtime.config.maxApplicationsPerTenant) {
    throw new GraphError(400, 'Directory_QuotaExceeded', 'The directory object quota limit for the Tenant has been exceeded. Please ask your administrator to increase the quota limit or delete objects to reduce the used quota.', 'directory-quota', `entra.maxApplicationsPerTenant is ${runtime.config.maxApplicationsPerTenant}`);
  }
  const appId = optionalGuid(fields, 'appId') ?? randomUUID();
  const objectId = optionalGuid(fields, 'id') ?? randomUUID();
  const { directory } = runtime;
  const taken = { appId: appIdTaken(directory, appId), id: directory.applicationByObjectId(caller.tenant, objectId) ? `${objectId} is taken` : undefined };
  for (const property of ['appId', 'id'] as const) {
    if (taken[property]) throw new GraphError(400, 'Request_BadRequest', `Another object with the same value for property ${property} already exists.`, 'app-id-unique', taken[property]);
  }
  const app: Application = {
    objectId,
    appId,
    displayName,
    servicePrincipalId: randomUUID(),
    secrets: [],
    owners: caller.roles.includes(READ_WRITE_ALL) ? [] : [caller.servicePrincipalId],
    federatedIdentityCredentials: [],
  };
  directory.addApplication(caller.tenant, app);
  runtime.ctx.events.publish({ party: 'entra', type: 'application-created', tenant: caller.tenant.id, appId, objectId, displayName, servicePrincipalId: app.servicePrincipalId, by: caller.appId });
  runtime.ctx.logger.info({ tenant: caller.tenant.id, appId, displayName, by: caller.appId }, 'application created');
  sendGraphJson(req, res, 201, { '@odata.context': contexts.application(metadataUrl(runtime, req)), ...applicationJson(app) });
};
