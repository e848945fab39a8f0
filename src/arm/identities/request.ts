import type { Request } from 'express';
import { CheckFailure, runChecks, type Check } from '../../core/checks.js';
import { IDENTITY_FIC_NAME, IDENTITY_NAME, RESOURCE_GROUP_NAME } from '../../core/arm-resource-names.js';
import { ArmError } from '../errors.js';
import type { FicRecord, IdentityKey } from './entra-directory.js';
import { badRequest, invalidContent, invalidFicName, invalidIdentityName, invalidSubscriptionId, resourceGroupNotFound } from './identity-errors.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The subscription in the path is a GUID (checked before authorization, as ARM's front door does). */
export function subscriptionOf(req: Request): string {
  const id = String(req.params.subscriptionId);
  if (!GUID.test(id)) throw invalidSubscriptionId(id);
  return id;
}

/** The identity the path names; resource groups are not modelled, so a well-formed name is one that exists. */
export function identityKeyOf(req: Request): IdentityKey {
  const subscriptionId = subscriptionOf(req);
  const resourceGroup = String(req.params.resourceGroup);
  if (!RESOURCE_GROUP_NAME.test(resourceGroup)) throw resourceGroupNotFound(resourceGroup);
  const name = req.params.name === undefined ? '' : String(req.params.name);
  if (req.params.name !== undefined && !IDENTITY_NAME.test(name)) throw invalidIdentityName(name);
  return { subscriptionId, resourceGroup, name };
}

export function ficNameOf(req: Request): string {
  const name = String(req.params.ficName);
  if (!IDENTITY_FIC_NAME.test(name)) throw invalidFicName(name);
  return name;
}

const asFailure = (error: ArmError) => new CheckFailure(error.code, error.message, error.status, { check: error.check });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

interface BodyContext<T> {
  body: unknown;
  out: Partial<T>;
}

/** Runs a body's checks in order; the first failure is ARM's 400, named after its check. */
async function checkedBody<T>(checks: readonly Check<BodyContext<T>>[], body: unknown): Promise<T> {
  const ctx: BodyContext<T> = { body, out: {} };
  const run = await runChecks(checks, ctx);
  if (!run.ok) throw new ArmError(run.failure!.status, run.failure!.code, run.failure!.message, run.failedCheck);
  return ctx.out as T;
}

export interface IdentityBody {
  location: string;
  tags: Record<string, string>;
}

/** `{ location, tags?, properties? }`: ARM takes "East US" for eastus and answers with the short name. */
const IDENTITY_BODY_CHECKS: readonly Check<BodyContext<IdentityBody>>[] = [
  {
    name: 'body-object',
    run: ({ body }) => {
      if (!isObject(body)) throw asFailure(invalidContent('the body is not a JSON object', 'body-object'));
    },
  },
  {
    name: 'location',
    run: ({ body, out }) => {
      const location = (body as Record<string, unknown>).location;
      if (location === undefined || location === null || location === '') throw new CheckFailure('LocationRequired', 'The location property is required for this definition.', 400);
      const short = typeof location === 'string' ? location.replace(/\s+/g, '').toLowerCase() : '';
      if (!/^[a-z0-9]+$/.test(short)) throw new CheckFailure('LocationNotAvailableForResourceType', `The provided location '${String(location)}' is not available for resource type 'Microsoft.ManagedIdentity/userAssignedIdentities'.`, 400);
      out.location = short;
    },
  },
  {
    name: 'tags',
    run: ({ body, out }) => {
      const tags = (body as Record<string, unknown>).tags ?? {};
      if (!isObject(tags) || Object.values(tags).some((v) => typeof v !== 'string')) throw asFailure(invalidContent('tags must be an object of string values', 'tags'));
      if (Object.keys(tags).length > 50) throw new CheckFailure('InvalidTag', 'The resource has more than 50 tags: a resource can have at most 50 tags.', 400);
      out.tags = tags as Record<string, string>;
    },
  },
];

export const identityBodyOf = (req: Request) => checkedBody(IDENTITY_BODY_CHECKS, req.body);

type FicBody = Omit<FicRecord, 'name'>;
const MUST_SPECIFY = "The request format was unexpected. Federated Identity Credential must specify 'issuer', 'subject' and 'audience'.";
const propertiesOf = (body: unknown) => (body as { properties: Record<string, unknown> }).properties;
const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/** `{ properties: { issuer, subject, audiences: [one] } }`, each at most 600 characters (Entra's credential limits). */
const FIC_BODY_CHECKS: readonly Check<BodyContext<FicBody>>[] = [
  {
    name: 'body-object',
    run: ({ body }) => {
      if (!isObject(body)) throw asFailure(invalidContent('the body is not a JSON object', 'body-object'));
      if (!isObject(body.properties)) throw asFailure(badRequest(MUST_SPECIFY, 'body-object'));
    },
  },
  {
    name: 'issuer',
    run: ({ body, out }) => {
      const issuer = propertiesOf(body).issuer;
      if (!text(issuer)) throw asFailure(badRequest(MUST_SPECIFY, 'issuer'));
      const value = issuer as string;
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || value.length > 600 || value !== value.trim()) {
        throw asFailure(badRequest(`The request format was unexpected. Federated Identity Credential issuer '${value.slice(0, 600)}' is not a valid URL of at most 600 characters.`, 'issuer'));
      }
      out.issuer = value;
    },
  },
  {
    name: 'subject',
    run: ({ body, out }) => {
      const subject = propertiesOf(body).subject;
      if (!text(subject)) throw asFailure(badRequest(MUST_SPECIFY, 'subject'));
      if ((subject as string).length > 600) throw asFailure(badRequest('The request format was unexpected. Federated Identity Credential subject is longer than 600 characters.', 'subject'));
      out.subject = subject as string;
    },
  },
  {
    name: 'audiences',
    run: ({ body, out }) => {
      const audiences = propertiesOf(body).audiences;
      if (audiences === undefined || (Array.isArray(audiences) && audiences.length === 0)) throw asFailure(badRequest(MUST_SPECIFY, 'audiences'));
      if (!Array.isArray(audiences) || audiences.length !== 1) throw asFailure(badRequest('Federated identity credentials must have exactly one audience.', 'audiences'));
      if (!text(audiences[0]) || (audiences[0] as string).length > 600) throw asFailure(badRequest(MUST_SPECIFY, 'audiences'));
      out.audiences = [audiences[0] as string];
    },
  },
];

export const ficBodyOf = (req: Request) => checkedBody(FIC_BODY_CHECKS, req.body);
