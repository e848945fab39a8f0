import type { Request, Response } from 'express';
import { removePrincipal } from '../../accounts/principal-admin.js';
import type { AwsRuntime } from '../../runtime.js';

/** `DELETE /_fedlab/accounts/{accountId}/principals/{accessKeyId}` → 204. */
export function removePrincipalEndpoint(party: AwsRuntime) {
  return (req: Request<{ accountId: string; accessKeyId: string }>, res: Response): void => {
    removePrincipal(party, req.params.accountId, req.params.accessKeyId);
    res.status(204).end();
  };
}
