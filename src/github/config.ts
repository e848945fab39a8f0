import { z } from 'zod';
import { GITHUB_ACTIONS_HOST } from '../core/real-hosts.js';

/** The issuer string of GitHub Actions' OIDC provider (github.com; GHES uses https://HOSTNAME/_services/token). */
export const GITHUB_ACTIONS_ISSUER = `https://${GITHUB_ACTIONS_HOST}`;
export { GITHUB_ACTIONS_HOST };

/** `owner/name`: GitHub account names are 1-39 letters, digits and dashes; repository names letters, digits, `.`, `_`, `-`. */
const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

/** One workflow job that may ask for an ID token (`permissions: id-token: write`). */
const jobSchema = z.strictObject({
  /** fedlab's name for the job: the urls file and `/_fedlab/github/jobs` list it under this name. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a job name of lowercase letters, digits and dashes'),
  repository: z.string().regex(REPOSITORY, 'expected a repository as owner/name, e.g. contoso/payments-api'),
  ref: z.string().regex(/^refs\/(heads|tags|pull)\/\S+$/, 'expected a full ref such as refs/heads/main or refs/tags/v1.0.0').default('refs/heads/main'),
  /** The workflow file under .github/workflows/. */
  workflowFile: z.string().regex(/^[A-Za-z0-9._-]+\.ya?ml$/, 'expected a workflow file name such as deploy.yml').default('deploy.yml'),
  /** The workflow's `name:` (the `workflow` claim); default: the file name without its extension. */
  workflowName: z.string().min(1).max(200).optional(),
  /** The job's deployment environment: the subject becomes `repo:<owner>/<repo>:environment:<name>`. */
  environment: z.string().min(1).max(255).optional(),
  eventName: z.enum(['push', 'pull_request', 'pull_request_target', 'workflow_dispatch', 'schedule', 'release', 'merge_group']).default('push'),
  actor: z.string().regex(/^[A-Za-z0-9-]{1,39}$/).default('octocat'),
  repositoryVisibility: z.enum(['public', 'private', 'internal']).default('private'),
  runnerEnvironment: z.enum(['github-hosted', 'self-hosted']).default('github-hosted'),
  /** `ACTIONS_ID_TOKEN_REQUEST_TOKEN` of the job; generated at start when absent. */
  requestToken: z.string().min(16, 'a request token has at least 16 characters').max(4096).optional(),
});

export const githubConfigSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(4588),
  /**
   * exp - iat of a token. A token from a github.com run in March 2025 had exp = iat + 21600 and
   * nbf = iat - 300 (decoded in the README of rgl/github-actions-validate-jwt).
   */
  tokenLifetimeSeconds: z.number().int().min(60).max(86400).default(21600),
  jobs: z.array(jobSchema).min(1, 'at least one job is needed').prefault([{ name: 'deploy', repository: 'contoso/payments-api' }]),
}).superRefine((github, ctx) => {
  const seen = new Set<string>();
  github.jobs.forEach((job, i) => {
    if (seen.has(job.name)) ctx.addIssue({ code: 'custom', path: ['jobs', i, 'name'], message: `duplicate job name '${job.name}'` });
    seen.add(job.name);
  });
});

export type GithubConfig = z.output<typeof githubConfigSchema>;
export type GithubConfigInput = z.input<typeof githubConfigSchema>;
export type GithubJobConfig = GithubConfig['jobs'][number];
