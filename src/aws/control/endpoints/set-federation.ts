import type { Request, Response } from 'express';
import { z } from 'zod';
import { parseBody } from '../../../core/control/parse-body.js';
import { setAccountFederation } from '../../accounts/federation-switch.js';
import { requireAccount } from '../../accounts/principal-admin.js';
import type { AwsRuntime } from '../../runtime.js';
import { accountView } from './list-accounts.js';

const federationBody = z.strictObject({ enabled: z.boolean() });

/**
 * `PUT /_fedlab/accounts/{accountId}/outbound-federation` `{enabled}` → the account: the IAM switch
 * without a SigV4-signed request (IAM's own Enable/Disable calls work too).
 */
export function setFederationEndpoint(party: AwsRuntime) {
  return (req: Request<{ accountId: string }>, res: Response): void => {
    const account = requireAccount(party, req.params.accountId);
    const { enabled } = parseBody(federationBody, req.body);
    if (enabled !== account.federationEnabled) setAccountFederation(party, account, enabled, 'admin');
    res.json(accountView(party, account));
  };
}
