import { idTokenPath, type JobRun } from './job-runs.js';

/** What a job's runner has in its environment for `core.getIDToken()`, plus what its token will say. */
export interface JobEnvironment {
  ACTIONS_ID_TOKEN_REQUEST_URL: string;
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: string;
  repository: string;
  subject: string;
}

export function jobEnvironment(baseUrl: string, run: JobRun, subject: string): JobEnvironment {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: `${baseUrl}${idTokenPath(run)}?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: run.requestToken,
    repository: run.config.repository,
    subject,
  };
}
