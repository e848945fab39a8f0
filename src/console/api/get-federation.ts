import type { Request, Response } from 'express';
import { callAwsQuery } from '../../client/call-aws-query.js';
import { accountCaller, findAccount, type ConsoleRuntime } from '../runtime.js';

/** `GET /api/aws/accounts/:accountId/federation`: iam:GetOutboundWebIdentityFederationInfo (FeatureDisabled = off). */
export function getFederation(runtime: ConsoleRuntime) {
  return async (req: Request<{ accountId: string }>, res: Response): Promise<void> => {
    const account = findAccount(runtime, req.params.accountId);
    const target = { endpoint: runtime.urls.aws.endpoint, service: 'iam' as const, region: account.region, credentials: accountCaller(account) };
    const answer = await callAwsQuery(runtime.client, target, 'GetOutboundWebIdentityFederationInfo');
    if (answer.result) {
      res.json({ accountId: account.id, enabled: true, issuer: answer.result.IssuerIdentifier });
    } else if (answer.error?.code === 'FeatureDisabled') {
      res.json({ accountId: account.id, enabled: false, issuer: null });
    } else {
      res.status(502).json({ error: { code: answer.error?.code ?? 'iam_error', message: answer.error?.message ?? `IAM answered HTTP ${answer.status}` } });
    }
  };
}
