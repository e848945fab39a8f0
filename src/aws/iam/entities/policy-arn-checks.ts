import { CheckFailure, type Check } from '../../../core/checks.js';
import { POLICY_ARN } from '../policy-config.js';
import type { EntityCallContext } from './entity-checks.js';

const validation = (message: string) => new CheckFailure('ValidationError', `1 validation error detected: ${message}`, 400);

/** `PolicyArn` (or `PermissionsBoundary`): 20 to 2,048 characters, an IAM policy ARN (InvalidInput otherwise, as IAM answers). */
export function policyArnValid(param = 'PolicyArn'): Check<EntityCallContext> {
  const member = param.charAt(0).toLowerCase() + param.slice(1);
  return {
    name: 'policy-arn',
    run({ params }) {
      const arn = params.get(param);
      if (arn === null) throw validation(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
      if (arn.length < 20 || arn.length > 2048) throw validation(`Value '${arn}' at '${member}' failed to satisfy constraint: Member must have length ${arn.length < 20 ? 'greater than or equal to 20' : 'less than or equal to 2048'}`);
      if (!POLICY_ARN.test(arn)) throw new CheckFailure('InvalidInput', `ARN ${arn} is not valid.`, 400);
    },
  };
}

/**
 * The managed policy must exist. `attachable`: the wording of attach calls ("does not exist or is
 * not attachable"); `customer`: only the caller's own (AWS managed policies cannot be changed).
 */
export function policyExists(options: { attachable?: boolean; customer?: boolean; param?: string } = {}): Check<EntityCallContext> {
  const param = options.param ?? 'PolicyArn';
  return {
    name: 'policy-exists',
    run(ctx) {
      const arn = ctx.params.get(param)!;
      const policy = ctx.iam.policy(arn);
      const own = arn.split(':')[4] === ctx.accountId;
      if (!policy || (options.customer && !own)) {
        const why = param === 'PermissionsBoundary' ? `Scope ARN: ${arn} does not exist or is not attachable.` : options.attachable ? `Policy ${arn} does not exist or is not attachable.` : `Policy ${arn} was not found.`;
        throw new CheckFailure('NoSuchEntity', why, 404);
      }
      ctx.policy = policy;
    },
  };
}

/** `VersionId`: `v<n>` (IAM's pattern v[1-9][0-9]*(\.[A-Za-z0-9-]*)?). */
export const versionIdValid: Check<EntityCallContext> = {
  name: 'version-id',
  run({ params }) {
    const id = params.get('VersionId');
    if (id === null) throw validation("Value null at 'versionId' failed to satisfy constraint: Member must not be null");
    if (!/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/.test(id)) throw validation(`Value '${id}' at 'versionId' failed to satisfy constraint: Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?`);
  },
};

export const versionExists: Check<EntityCallContext> = {
  name: 'version-exists',
  run(ctx) {
    const id = ctx.params.get('VersionId')!;
    if (!ctx.policy!.versions.some((v) => v.versionId === id)) throw new CheckFailure('NoSuchEntity', `Policy ${ctx.params.get('PolicyArn')} version ${id} does not exist or is not attachable.`, 404);
  },
};
