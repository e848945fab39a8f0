import type { Request, Response } from 'express';
import type { FaultRegistry, FaultSpecBase } from '../fault-registry.js';

/** `POST /_fedlab/faults` with a FaultSpec (validated by the party) → 201 Fault. */
export function injectFault<S extends FaultSpecBase>(faults: FaultRegistry<S>, parseSpec: (body: unknown) => S) {
  return (req: Request, res: Response): void => {
    const fault = faults.inject(parseSpec(req.body));
    res.status(201).location(`/_fedlab/faults/${fault.id}`).json(fault);
  };
}
