import type { Request, Response } from 'express';
import { runChecks } from '../../core/checks.js';
import type { Clock } from '../../core/clock.js';
import type { EventBus } from '../../core/events.js';
import { signJwt } from '../../core/jwt/sign-jwt.js';
import type { SigningKey } from '../../core/keys/signing-key.js';
import { ID_TOKEN_CHECKS, type IdTokenRequest } from '../id-token/id-token-checks.js';
import { defaultAudience, jobClaims } from '../jobs/job-claims.js';
import type { JobRun } from '../jobs/job-runs.js';

export interface IdTokenDeps {
  runs: readonly JobRun[];
  key: SigningKey;
  clock: Clock;
  events: EventBus;
  lifetimeSeconds: number;
}

/** The runner's token request (what `core.getIDToken()` of @actions/core sends): `{"value": "<jwt>"}`. */
export function idToken({ runs, key, clock, events, lifetimeSeconds }: IdTokenDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const request: IdTokenRequest = {
      planId: String(req.params.planId),
      jobId: String(req.params.jobId),
      authorization: req.headers.authorization,
      apiVersion: req.query['api-version'],
      audienceParam: req.query.audience,
      runs,
    };
    const result = await runChecks(ID_TOKEN_CHECKS, request);
    if (!result.ok) {
      const failure = result.failure!;
      events.publish({ party: 'github', type: 'github-token-refused', check: result.failedCheck, code: failure.code, reason: failure.message });
      res.status(failure.status).set('x-fedlab-check', result.failedCheck).json({ message: failure.message, typeKey: failure.code, check: result.failedCheck });
      return;
    }
    const run = request.run!;
    const claims = jobClaims(run, request.audience ?? defaultAudience(run), clock.nowSeconds(), lifetimeSeconds);
    const token = await signJwt({ alg: key.alg, kid: key.kid, typ: 'JWT' }, claims, key);
    events.publish({ party: 'github', type: 'github-token-issued', job: run.config.name, repository: run.config.repository, sub: claims.sub, audience: claims.aud, jti: claims.jti, trace: result.trace });
    res.set('cache-control', 'no-store').json({ value: token });
  };
}
