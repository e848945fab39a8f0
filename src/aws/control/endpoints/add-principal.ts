import type { Request, Response } from 'express';
import { addPrincipal, principalView, requireAccount } from '../../accounts/principal-admin.js';
import type { AwsRuntime } from '../../runtime.js';

/** `POST /_fedlab/accounts/{accountId}/principals` (a config principal's shape) → 201, without the secret. */
export function addPrincipalEndpoint(party: AwsRuntime) {
  return (req: Request<{ accountId: string }>, res: Response): void => {
    const principal = addPrincipal(party, req.params.accountId, req.body);
    res.status(201).json(principalView(requireAccount(party, req.params.accountId), principal));
  };
}
