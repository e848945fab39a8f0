import type { Request, Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../http/parse-input.js';
import type { ConsoleRuntime } from '../runtime.js';
import { fedlabControl, relay } from '../upstream/fedlab-control.js';
import { forgetIssuerCache } from '../upstream/forget-issuer-cache.js';

/** The party validates the FaultSpec itself (its 4xx is passed on); here only "an object" is checked. */
const faultSpec = z.record(z.string(), z.unknown());

/** `POST /api/faults/:party`: inject a fault at that party (`POST /_fedlab/faults`). */
export function addFault(runtime: ConsoleRuntime) {
  return async (req: Request<{ party: string }>, res: Response): Promise<void> => {
    const spec = parseInput(faultSpec, req.body);
    const answer = await fedlabControl(runtime, req.params.party, 'POST', '/faults', spec);
    if (req.params.party === 'aws' && answer.status === 201) await forgetIssuerCache(runtime);
    relay(res, answer);
  };
}
