import type { FederatedIdentityCredential } from '../directory/fic-rules.js';
import { GraphError, invalidPayload, invalidValue } from './graph-error.js';
import type { GraphVersion } from './representations.js';

const RESOURCE = 'FederatedIdentityCredential';
/** Writable properties; `id` is read-only and ignored, as `@odata.type` is. */
const PROPERTIES = ['name', 'issuer', 'subject', 'audiences', 'description', 'claimsMatchingExpression'] as const;
const IGNORED = ['id', '@odata.type'];

export type CredentialInput = Partial<Pick<FederatedIdentityCredential, (typeof PROPERTIES)[number]>>;

const isString = (v: unknown): v is string => typeof v === 'string';

/** Graph's answer to a property the type does not have (OData's own wording). */
function unknownProperty(name: string): GraphError {
  return new GraphError(
    400,
    'BadRequest',
    `The property '${name}' does not exist on type 'microsoft.graph.federatedIdentityCredential'. Make sure to only use property names that are defined by the type.`,
    'request-body',
  );
}

/** Properties only Graph beta's federatedIdentityCredential has (flexible-FIC doc: "Graph beta only"). */
const BETA_ONLY = ['claimsMatchingExpression'];

/** The JSON body of a POST or PATCH: only known properties, each of its type (rules come later). */
export function parseCredentialBody(body: unknown, version: GraphVersion): CredentialInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidPayload('the body must be a JSON object (Content-Type: application/json)');
  const input: CredentialInput = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (IGNORED.includes(name)) continue;
    if (!(PROPERTIES as readonly string[]).includes(name) || (version === 'v1.0' && BETA_ONLY.includes(name))) throw unknownProperty(name);
    const wrong = (expected: string) => invalidValue(name, RESOURCE, `${name} must be ${expected}`);
    switch (name) {
      case 'name':
      case 'issuer':
        if (!isString(value)) throw wrong('a string');
        input[name] = value;
        break;
      case 'subject':
      case 'description':
        if (value !== null && !isString(value)) throw wrong('a string or null');
        input[name] = value as string | null;
        break;
      case 'audiences':
        if (!Array.isArray(value) || !value.every(isString)) throw wrong('an array of strings');
        input.audiences = value;
        break;
      case 'claimsMatchingExpression': {
        const e = value as { value?: unknown; languageVersion?: unknown } | null;
        const valid = e === null || (typeof e === 'object' && isString(e.value) && e.languageVersion === 1 && Object.keys(e).every((k) => k === 'value' || k === 'languageVersion'));
        if (!valid) throw wrong("null or { value: '<expression>', languageVersion: 1 }");
        input.claimsMatchingExpression = e === null ? null : { value: e.value as string, languageVersion: 1 };
        break;
      }
    }
  }
  return input;
}

/** A new credential's input: name, issuer and audiences are required; subject unless an expression is set. */
export function requireCreatable(input: CredentialInput): Omit<FederatedIdentityCredential, 'description'> & { description: string | null } {
  for (const property of ['name', 'issuer', 'audiences'] as const) {
    if (input[property] === undefined) throw invalidValue(property, RESOURCE, `${property} is required`);
  }
  return {
    name: input.name!,
    issuer: input.issuer!,
    subject: input.subject ?? null,
    audiences: input.audiences!,
    description: input.description ?? null,
    claimsMatchingExpression: input.claimsMatchingExpression ?? null,
  };
}
