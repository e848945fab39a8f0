export { parsePolicyDocument, policySize, MalformedPolicyError, type PolicyDocument, type PolicyStatement, type PolicyKind } from './document.js';
export { evaluatePolicies, accessDeniedMessage, type NamedPolicy, type PolicyLevel, type PolicyLayers, type PolicyDecision, type LayerName, type DecidingStatement } from './evaluate.js';
export type { AuthorizationRequest, RequestPrincipal, ContextValue } from './request.js';
