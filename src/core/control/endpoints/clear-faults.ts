import type { Request, Response } from 'express';
import { ControlError } from '../control-error.js';
import type { FaultRegistry, FaultSpecBase } from '../fault-registry.js';

/** `DELETE /_fedlab/faults/{id}` → 204, or 404 for an id not (or no longer) injected. */
export function clearFault(faults: FaultRegistry<FaultSpecBase>) {
  return (req: Request<{ id: string }>, res: Response): void => {
    if (!faults.clear(req.params.id)) throw new ControlError(404, 'FaultNotFound', `no fault ${req.params.id} on ${faults.party} (count-limited faults disappear once used up)`);
    res.status(204).end();
  };
}

/** `DELETE /_fedlab/faults` → 204: every fault of this listener. */
export function clearAllFaults(faults: FaultRegistry<FaultSpecBase>) {
  return (_req: Request, res: Response): void => {
    faults.clearAll();
    res.status(204).end();
  };
}
