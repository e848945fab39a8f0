import type { Request, Response } from 'express';
import { z } from 'zod';
import { callAwsQuery } from '../../client/call-aws-query.js';
import { parseInput } from '../http/parse-input.js';
import { accountCaller, findAccount, type ConsoleRuntime } from '../runtime.js';

const input = z.strictObject({ enabled: z.boolean() });

/** `PUT /api/aws/accounts/:accountId/federation` `{enabled}`: iam:Enable/DisableOutboundWebIdentityFederation. */
export function setFederation(runtime: ConsoleRuntime) {
  return async (req: Request<{ accountId: string }>, res: Response): Promise<void> => {
    const { enabled } = parseInput(input, req.body);
    const account = findAccount(runtime, req.params.accountId);
    const target = { endpoint: runtime.urls.aws.endpoint, service: 'iam' as const, region: account.region, credentials: accountCaller(account) };
    const action = enabled ? 'EnableOutboundWebIdentityFederation' : 'DisableOutboundWebIdentityFederation';
    const answer = await callAwsQuery(runtime.client, target, action);
    // Asking for the state it already has is IAM's FeatureEnabled/FeatureDisabled: the goal is met.
    const already = answer.error?.code === (enabled ? 'FeatureEnabled' : 'FeatureDisabled');
    if (answer.result || already) {
      res.json({ accountId: account.id, enabled, action, changed: !already });
      return;
    }
    res.status(502).json({ error: { code: answer.error?.code ?? 'iam_error', message: answer.error?.message ?? `IAM answered HTTP ${answer.status}` } });
  };
}
