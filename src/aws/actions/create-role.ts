import { CheckFailure } from '../../core/checks.js';
import type { QueryAction } from '../awsquery/action.js';
import { enforceChecks } from '../awsquery/rejection.js';
import { IAM } from '../awsquery/services.js';
import { authorizationCheck } from '../iam/action-authorization.js';
import { descriptionValid, maxSessionDurationValid, roleNameValid, rolePathValid, trustPolicyValid, type RoleCallContext } from '../iam/roles/role-checks.js';
import { addRole, findRole } from '../iam/roles/role-store.js';
import { readTags, tagsValid } from '../iam/roles/role-tags.js';
import { roleAudit, roleFields, roleXml } from '../iam/roles/role-view.js';

/** iam:CreateRole — a role AssumeRole can assume at once; in memory (lost on restart). */
export const createRole: QueryAction = {
  name: 'CreateRole',
  service: IAM,
  async handle(call) {
    const { party, params, caller, audit } = call;
    const accountId = caller.account.id;
    const ctx: RoleCallContext = { party, accountId, params };
    const name = params.get('RoleName') ?? '';
    const arn = `arn:aws:iam::${accountId}:role${params.get('Path') ?? '/'}${name}`;
    const maxSession = params.get('MaxSessionDuration');
    const description = params.get('Description') ?? undefined;
    await enforceChecks(
      [
        roleNameValid,
        rolePathValid,
        maxSessionDurationValid,
        descriptionValid(false),
        trustPolicyValid('AssumeRolePolicyDocument'),
        tagsValid(() => ({})),
        authorizationCheck(call, 'iam:CreateRole', arn),
        {
          name: 'role-unique',
          run() {
            if (findRole(party, accountId, name)) throw new CheckFailure('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
          },
        },
      ],
      ctx,
    );
    const role = { arn, trustPolicy: ctx.trustPolicy!, maxSessionDuration: maxSession === null ? 3600 : Number(maxSession), tags: Object.fromEntries(readTags(params).map((t) => [t.Key, t.Value])) };
    addRole(party, accountId, role, description);
    // A new role has no policies: it may do nothing until some are put or attached.
    caller.account.iam.setEntity('role', name, { inline: {}, attached: [] });
    party.ctx.events.publish({ party: 'aws', type: 'role-created', accountId, roleArn: arn, requestId: call.requestId });
    const fields = roleFields(party, role, true);
    audit.responseElements = { role: roleAudit(fields) };
    return roleXml(fields);
  },
};
