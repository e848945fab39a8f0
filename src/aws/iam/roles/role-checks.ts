import { CheckFailure, type Check } from '../../../core/checks.js';
import type { RoleConfig } from '../../config.js';
import type { AwsRuntime } from '../../runtime.js';
import type { PolicyJson } from '../policy-config.js';
import { policyDocumentCheck } from '../policy-document-check.js';
import { findRole } from './role-store.js';

const NAME = /^[\w+=,.@-]+$/;
const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
/** IAM's default quota for a trust policy (ACLSizePerRole). */
const MAX_TRUST_POLICY_CHARS = 2048;

const validation = (message: string) => new CheckFailure('ValidationError', `1 validation error detected: ${message}`, 400);

/** What a role call names, read from the form body before the checks run. */
export interface RoleCallContext {
  readonly party: AwsRuntime;
  readonly accountId: string;
  readonly params: URLSearchParams;
  role?: RoleConfig;
  trustPolicy?: PolicyJson;
}

export const roleNameValid: Check<RoleCallContext> = {
  name: 'role-name',
  run({ params }) {
    const name = params.get('RoleName');
    if (name === null) throw validation("Value null at 'roleName' failed to satisfy constraint: Member must not be null");
    if (name.length < 1 || name.length > 64) throw validation(`Value '${name}' at 'roleName' failed to satisfy constraint: Member must have length ${name.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 64'}`);
    if (!NAME.test(name)) throw validation(`Value '${name}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  },
};

export const rolePathValid: Check<RoleCallContext> = {
  name: 'role-path',
  run({ params }) {
    const path = params.get('Path');
    if (path === null) return;
    if (path.length > 512 || !PATH.test(path)) {
      throw validation(`Value '${path}' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)`);
    }
  },
};

/** `MaxSessionDuration` (optional): an integer from 3600 to 43200 seconds (roleMaxSessionDurationType). */
export const maxSessionDurationValid: Check<RoleCallContext> = {
  name: 'max-session-duration',
  run({ params }) {
    const value = params.get('MaxSessionDuration');
    if (value === null || (/^\d+$/.test(value) && Number(value) >= 3600 && Number(value) <= 43200)) return;
    throw validation(`Value '${value}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value ${Number(value) < 3600 || !/^\d+$/.test(value) ? 'greater than or equal to 3600' : 'less than or equal to 43200'}`);
  },
};

/** Letters, marks, separators, symbols, digits and punctuation: roleDescriptionType's pattern. */
const DESCRIPTION = /^[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*$/u;

/** `Description`: at most 1,000 characters of roleDescriptionType's pattern; `required` for UpdateRoleDescription. */
export function descriptionValid(required: boolean): Check<RoleCallContext> {
  return {
    name: 'description',
    run({ params }) {
      const value = params.get('Description');
      if (value === null) {
        if (required) throw validation("Value null at 'description' failed to satisfy constraint: Member must not be null");
        return;
      }
      if ([...value].length > 1000) throw validation("Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 1000");
      if (!DESCRIPTION.test(value)) throw validation(`Value '${value}' at 'description' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{Z}\\p{S}\\p{N}\\p{P}]*`);
    },
  };
}

export const roleExists: Check<RoleCallContext> = {
  name: 'role-exists',
  run(ctx) {
    const name = ctx.params.get('RoleName')!;
    ctx.role = findRole(ctx.party, ctx.accountId, name);
    if (!ctx.role) throw new CheckFailure('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
  },
};

/** A trust policy (`AssumeRolePolicyDocument` / `PolicyDocument`) as IAM reads it: JSON, a resource policy, at most 2,048 characters. */
export function trustPolicyValid(param: string): Check<RoleCallContext> {
  return policyDocumentCheck<RoleCallContext>(param, 'resource', { maxChars: MAX_TRUST_POLICY_CHARS, message: `Cannot exceed quota for ACLSizePerRole: ${MAX_TRUST_POLICY_CHARS}` }, (ctx, doc) => {
    ctx.trustPolicy = doc;
  });
}
