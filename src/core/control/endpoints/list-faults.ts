import type { Request, Response } from 'express';
import type { FaultRegistry, FaultSpecBase } from '../fault-registry.js';

/** `GET /_fedlab/faults` → `{"value":[Fault]}`. */
export function listFaults(faults: FaultRegistry<FaultSpecBase>) {
  return (_req: Request, res: Response): void => {
    res.json({ value: faults.list() });
  };
}
