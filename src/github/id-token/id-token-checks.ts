import { CheckFailure, type Check } from '../../core/checks.js';
import type { JobRun } from '../jobs/job-runs.js';

/** One token request of a runner: `GET <ACTIONS_ID_TOKEN_REQUEST_URL>&audience=<aud>` with the request token. */
export interface IdTokenRequest {
  planId: string;
  jobId: string;
  authorization: string | undefined;
  apiVersion: unknown;
  audienceParam: unknown;
  runs: readonly JobRun[];
  run?: JobRun;
  audience?: string;
}

/** Ordered: which job, the job's own request token, the API version the runner toolkit sends, the audience. */
export const ID_TOKEN_CHECKS: readonly Check<IdTokenRequest>[] = [
  {
    name: 'job',
    run(req) {
      req.run = req.runs.find((r) => r.planId === req.planId && r.jobId === req.jobId);
      if (!req.run) throw new CheckFailure('JobNotFound', `no running job has plan ${req.planId} and job ${req.jobId}`, 404);
    },
  },
  {
    name: 'request-token',
    run(req) {
      const match = /^Bearer (\S+)$/i.exec(req.authorization ?? '');
      if (!match) throw new CheckFailure('Unauthorized', 'the request needs Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>', 401);
      if (match[1] !== req.run!.requestToken) throw new CheckFailure('Unauthorized', `the bearer token is not the request token of job '${req.run!.config.name}'`, 401);
    },
  },
  {
    name: 'api-version',
    run(req) {
      if (req.apiVersion !== '2.0') throw new CheckFailure('InvalidApiVersion', `api-version must be 2.0 (as in ACTIONS_ID_TOKEN_REQUEST_URL), got '${String(req.apiVersion ?? '')}'`, 400);
    },
  },
  {
    name: 'audience',
    run(req) {
      if (req.audienceParam === undefined) return;
      if (typeof req.audienceParam !== 'string' || req.audienceParam.length === 0 || req.audienceParam.length > 1024) {
        throw new CheckFailure('InvalidAudience', 'audience must be one non-empty value of at most 1024 characters', 400);
      }
      req.audience = req.audienceParam;
    },
  },
];
