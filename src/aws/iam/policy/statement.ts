import type { PolicyDocument, PolicyStatement, PrincipalBlock } from './document.js';
import { conditionsHold } from './conditions.js';
import type { AuthorizationRequest, ContextIndex } from './request.js';
import { substitute } from './variables.js';
import { wildcardMatch } from './wildcard.js';

/** Whether one statement applies to a request (Action, Resource, Principal and Condition all match). */

const actionMatches = (patterns: readonly string[], action: string) => patterns.some((p) => wildcardMatch(p, action, true));

function resourceMatches(patterns: readonly string[], resource: string, context: ContextIndex, variables: boolean): boolean {
  return patterns.some((p) => {
    const value = substitute(p, context, variables);
    return value !== undefined && wildcardMatch(value.replace(/\u0000STAR/g, '*').replace(/\u0000QM/g, '?'), resource);
  });
}

/** `"111122223333"` and `arn:aws:iam::111122223333:root` stand for every principal of the account. */
function awsPrincipalMatches(entry: string, principal: AuthorizationRequest['principal']): boolean {
  if (entry === '*') return true;
  const account = /^(\d{12})$/.exec(entry)?.[1] ?? /^arn:[\w-]+:iam::(\d{12}):root$/.exec(entry)?.[1];
  if (account) return account === principal.account;
  return entry === principal.arn || (principal.roleArn !== undefined && entry === principal.roleArn);
}

function principalMatches(block: PrincipalBlock, principal: AuthorizationRequest['principal']): boolean {
  if (block === '*') return true;
  return Object.entries(block).some(([type, entries]) =>
    entries.some((entry) => {
      if (type === 'AWS') return awsPrincipalMatches(entry, principal);
      if (type === 'Federated') return entry === principal.federated;
      if (type === 'Service') return entry === principal.service;
      return false;
    }),
  );
}

export function statementApplies(s: PolicyStatement, doc: PolicyDocument, request: AuthorizationRequest, context: ContextIndex): boolean {
  const variables = doc.version === '2012-10-17';
  if (s.action ? !actionMatches(s.action, request.action) : actionMatches(s.notAction!, request.action)) return false;
  if (s.resource && !resourceMatches(s.resource, request.resource, context, variables)) return false;
  if (s.notResource && resourceMatches(s.notResource, request.resource, context, variables)) return false;
  if (s.principal && !principalMatches(s.principal, request.principal)) return false;
  if (s.notPrincipal && principalMatches(s.notPrincipal, request.principal)) return false;
  return conditionsHold(s.condition, context, variables);
}
