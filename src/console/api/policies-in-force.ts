import type { Request, Response } from 'express';
import { ConsoleError } from '../http/console-error.js';
import { findPrincipal, type ConsoleRuntime } from '../runtime.js';
import { fedlabControl, relay } from '../upstream/fedlab-control.js';

/**
 * `GET /api/aws/policies?principal=<arn>`: the IAM layers in force for a principal (SCPs, RCPs,
 * identity policies, boundary) and the layer that denied its last refused request, from the AWS
 * party's `/_fedlab/accounts/{id}/policies-in-force`.
 */
export function policiesInForce(runtime: ConsoleRuntime) {
  return async (req: Request, res: Response): Promise<void> => {
    const arn = typeof req.query.principal === 'string' ? req.query.principal : '';
    if (!arn) throw new ConsoleError(400, 'invalid_request', 'principal: expected ?principal=<role or user ARN>');
    const { account } = findPrincipal(runtime, arn);
    res.setHeader('Cache-Control', 'no-store');
    relay(res, await fedlabControl(runtime, 'aws', 'GET', `/accounts/${account.id}/policies-in-force?principal=${encodeURIComponent(arn)}`));
  };
}
