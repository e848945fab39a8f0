import { createHash, randomBytes } from 'node:crypto';
import type { GithubJobConfig } from '../config.js';

/** A configured job as the runner sees it: its token-request URL parts and the numbers GitHub gives it. */
export interface JobRun {
  config: GithubJobConfig;
  planId: string;
  jobId: string;
  /** `ACTIONS_ID_TOKEN_REQUEST_TOKEN`. */
  requestToken: string;
  repositoryId: string;
  ownerId: string;
  actorId: string;
  runId: string;
  sha: string;
}

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest();

/** A GUID derived from a name, so a job keeps its URL across restarts. */
function stableGuid(...parts: string[]): string {
  const hex = digest(...parts).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** GitHub's numeric ids are decimal strings in the token; fedlab's stay the same for the same names. */
const stableNumber = (digits: number, ...parts: string[]) => (digest(...parts).readBigUInt64BE(0) % 10n ** BigInt(digits)).toString().padStart(digits, '1');

export function createJobRuns(jobs: readonly GithubJobConfig[]): JobRun[] {
  return jobs.map((config) => {
    const owner = config.repository.split('/')[0]!;
    return {
      config,
      planId: stableGuid('plan', config.name, config.repository),
      jobId: stableGuid('job', config.name, config.repository),
      requestToken: config.requestToken ?? randomBytes(32).toString('base64url'),
      repositoryId: stableNumber(9, 'repository', config.repository.toLowerCase()),
      ownerId: stableNumber(8, 'owner', owner.toLowerCase()),
      actorId: stableNumber(8, 'actor', config.actor.toLowerCase()),
      runId: stableNumber(11, 'run', config.name, config.repository),
      sha: digest('sha', config.repository, config.ref).toString('hex').slice(0, 40),
    };
  });
}

/** The path of a job's `ACTIONS_ID_TOKEN_REQUEST_URL`, shaped like the Actions service's. */
export const idTokenPath = (run: Pick<JobRun, 'planId' | 'jobId'>) => `/_apis/distributedtask/hubs/Actions/plans/${run.planId}/jobs/${run.jobId}/idtoken`;
