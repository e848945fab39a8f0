import { randomUUID } from 'node:crypto';
import { GITHUB_ACTIONS_ISSUER } from '../config.js';
import type { JobRun } from './job-runs.js';

/**
 * `sub` as GitHub builds it by default: the environment when the job has one, `pull_request` for
 * pull-request events, else the ref (docs.github.com, "OpenID Connect reference", example subject claims).
 */
export function subjectOf({ config }: JobRun): string {
  const repo = `repo:${config.repository}`;
  if (config.environment) return `${repo}:environment:${config.environment}`;
  if (config.eventName === 'pull_request' || config.eventName === 'pull_request_target') return `${repo}:pull_request`;
  return `${repo}:ref:${config.ref}`;
}

const refType = (ref: string) => (ref.startsWith('refs/tags/') ? 'tag' : 'branch');

/**
 * The claims of a token for `audience`, with GitHub's names and conventions: every id a decimal
 * string, booleans as "true"/"false", claims in alphabetical order (as a real token's payload reads).
 */
export function jobClaims(run: JobRun, audience: string, nowSeconds: number, lifetimeSeconds: number): Record<string, string | number> {
  const { config } = run;
  const workflowRef = `${config.repository}/.github/workflows/${config.workflowFile}@${config.ref}`;
  const pull = config.eventName === 'pull_request' || config.eventName === 'pull_request_target';
  const claims: Record<string, string | number> = {
    actor: config.actor,
    actor_id: run.actorId,
    aud: audience,
    base_ref: pull ? 'refs/heads/main' : '',
    ...(config.environment ? { environment: config.environment } : {}),
    event_name: config.eventName,
    exp: nowSeconds + lifetimeSeconds,
    head_ref: pull ? config.ref.replace(/^refs\/heads\//, '') : '',
    iat: nowSeconds,
    iss: GITHUB_ACTIONS_ISSUER,
    job_workflow_ref: workflowRef,
    job_workflow_sha: run.sha,
    jti: randomUUID(),
    nbf: nowSeconds - 300,
    ref: config.ref,
    ref_protected: String(config.ref === 'refs/heads/main'),
    ref_type: refType(config.ref),
    repository: config.repository,
    repository_id: run.repositoryId,
    repository_owner: config.repository.split('/')[0]!,
    repository_owner_id: run.ownerId,
    repository_visibility: config.repositoryVisibility,
    run_attempt: '1',
    run_id: run.runId,
    run_number: '1',
    runner_environment: config.runnerEnvironment,
    sha: run.sha,
    sub: subjectOf(run),
    workflow: config.workflowName ?? config.workflowFile.replace(/\.ya?ml$/, ''),
    workflow_ref: workflowRef,
    workflow_sha: run.sha,
  };
  return claims;
}

/** Without `audience`, GitHub's token names the repository owner's URL. */
export const defaultAudience = (run: JobRun) => `https://github.com/${run.config.repository.split('/')[0]}`;
