import { CheckFailure, type Check } from '../../core/checks.js';
import type { PrincipalConfig } from '../config.js';
import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { entityCallChecks, entityCallContext, type EntityCallContext } from '../iam/entities/entity-checks.js';
import { rolePathOf } from '../iam/roles/role-store.js';
import { boundaryField, iamDate, roleXml } from '../iam/roles/role-view.js';
import { entityOfArn } from '../iam/store/iam-store.js';
import { uniqueIdOf } from '../identity/unique-id.js';

/** A configured user's CreateDate is when fedlab first showed it (the configuration has none). */
const created = new WeakMap<PrincipalConfig, Date>();

/**
 * iam:GetUser — a configured user with its path, id, boundary and tags. Without `UserName` it is
 * the caller, who must then sign as a user (IAM refuses role credentials so).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html
 */
export const getUser: QueryAction = {
  name: 'GetUser',
  service: IAM,
  async handle(call) {
    const self = entityOfArn(call.caller.principal.arn);
    const params = new URLSearchParams(call.params);
    if (!params.has('UserName') && self?.kind === 'user' && !call.caller.session) params.set('UserName', self.name);
    const userCredentials: Check<EntityCallContext> = {
      name: 'user-credentials',
      run() {
        if (!params.has('UserName')) throw new CheckFailure('ValidationError', 'Must specify userName when calling with non-User credentials', 400);
      },
    };
    const scoped = { ...call, params };
    const ctx = entityCallContext(scoped);
    await enforceChecks([userCredentials, ...entityCallChecks(scoped, 'user', 'iam:GetUser')], ctx);
    const arn = ctx.entityArn!;
    const principal = call.caller.account.principals.find((p) => p.arn === arn)!;
    if (!created.has(principal)) created.set(principal, call.party.ctx.clock.now());
    const tags = Object.entries(principal.tags).map(([Key, Value]) => ({ Key, Value }));
    return roleXml(
      {
        Path: rolePathOf(arn),
        UserName: entityOfArn(arn)!.name,
        UserId: uniqueIdOf(arn),
        Arn: arn,
        CreateDate: iamDate(created.get(principal)!),
        ...boundaryField(ctx.policies!.boundary),
        ...(tags.length > 0 ? { Tags: tags } : {}),
      },
      'User',
    );
  },
};
