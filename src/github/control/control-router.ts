import type { Router } from 'express';
import { ControlError } from '../../core/control/control-error.js';
import { createControlRouter } from '../../core/control/control-router.js';
import { createFaultRegistry, type FaultSpecBase } from '../../core/control/fault-registry.js';
import type { PartyContext } from '../../core/party-context.js';
import type { JobEnvironment } from '../jobs/job-environment.js';

/** `/_fedlab/*` on the GitHub Actions listener: clock, events, and `GET /_fedlab/jobs` (each job's runner variables). */
export function githubControlRouter(ctx: PartyContext, host: string, jobs: () => Record<string, JobEnvironment>): Router {
  return createControlRouter<FaultSpecBase>({
    party: 'github',
    ctx,
    host,
    faults: createFaultRegistry<FaultSpecBase>('github', ctx),
    parseFaultSpec: () => {
      throw new ControlError(400, 'UnsupportedFault', 'the GitHub Actions issuer has no fault kinds; inject issuer faults on the AWS listener and token faults on the Entra listener');
    },
    extend: (router) => router.get('/jobs', (_req, res) => void res.json({ jobs: jobs() })),
  });
}
