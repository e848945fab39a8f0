import type { Request, Response } from 'express';
import { ControlError } from '../../../core/control/control-error.js';
import type { FedlabEvent } from '../../../core/events.js';
import { organizationLevels } from '../../iam/organization-levels.js';
import { policyDocumentFor } from '../../iam/principal-policies.js';
import { entityOfArn } from '../../iam/store/iam-store.js';
import type { Account } from '../../accounts/account.js';
import type { AwsRuntime } from '../../runtime.js';

/** Why an organization layer does not apply to the account (AWS: SCPs and RCPs skip the management account). */
function orgLayer(party: AwsRuntime, account: Account, type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY', layer: string) {
  const levels = organizationLevels(party.organizations, account, type);
  if (levels) return { layer, applies: true, levels };
  const org = account.config.organization;
  const reason = !org ? 'the account is in no organization' : org.management ? 'SCPs and RCPs do not apply to the management account' : 'the policy type is not enabled';
  return { layer, applies: false, reason, levels: [] };
}

/** The principal's last refusal by the policy evaluator, from the recent events: the layer that denied and the statement. */
function lastRefusal(events: readonly FedlabEvent[], arn: string) {
  const found = [...events].reverse().find((e) => e.principal === arn && typeof e.deniedBy === 'string');
  if (!found) return null;
  const { time, type, action, code, deniedAction, deniedBy, denial, decidingPolicy, decidingSid, failedCheck } = found as Record<string, unknown>;
  return { time, type, action, code, deniedAction, deniedBy, denial, decidingPolicy: decidingPolicy ?? null, decidingSid: decidingSid ?? null, failedCheck };
}

/**
 * `GET /_fedlab/accounts/{accountId}/policies-in-force?principal=<arn>`: every layer IAM evaluates
 * for the principal's own requests, with the documents now in force, in evaluation order, and the
 * principal's last refusal (which layer denied).
 */
export function policiesInForceEndpoint(party: AwsRuntime) {
  return (req: Request<{ accountId: string }>, res: Response): void => {
    const account = party.directory.byId(req.params.accountId);
    if (!account) throw new ControlError(404, 'NoSuchAccount', `no AWS account ${req.params.accountId} in the configuration`);
    const arn = typeof req.query.principal === 'string' ? req.query.principal : '';
    const who = entityOfArn(arn);
    if (!who || !account.principals.some((p) => p.arn === arn)) throw new ControlError(404, 'NoSuchEntity', `account ${account.id} has no principal ${arn || '(set ?principal=<arn>)'}`);
    const entity = account.iam.entity(who.kind, who.name);
    const managed = (policyArn: string) => ({ name: policyArn.split('/').pop()!, arn: policyArn, kind: 'managed', document: policyDocumentFor(account, policyArn) ?? null });
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      accountId: account.id,
      principal: arn,
      layers: [
        orgLayer(party, account, 'SERVICE_CONTROL_POLICY', 'service control policy'),
        orgLayer(party, account, 'RESOURCE_CONTROL_POLICY', 'resource control policy'),
        { layer: 'identity-based policy', applies: true, policies: [...Object.entries(entity.inline).map(([name, document]) => ({ name, kind: 'inline', document })), ...entity.attached.map(managed)] },
        entity.boundary ? { layer: 'permissions boundary', applies: true, policies: [managed(entity.boundary)] } : { layer: 'permissions boundary', applies: false, reason: 'no permissions boundary is set', policies: [] },
      ],
      lastRefusal: lastRefusal(party.ctx.events.recent(), arn),
    });
  };
}
