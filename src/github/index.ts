import type { PartyContext } from '../core/party-context.js';
import { listen } from '../core/http/listen.js';
import { createHostCertificates } from '../core/tls/host-certificates.js';
import { createGithubApp } from './app.js';
import { GITHUB_ACTIONS_HOST, GITHUB_ACTIONS_ISSUER, type GithubConfig } from './config.js';
import { githubControlRouter } from './control/control-router.js';
import { subjectOf } from './jobs/job-claims.js';
import { jobEnvironment, type JobEnvironment } from './jobs/job-environment.js';
import { createJobRuns } from './jobs/job-runs.js';
import { loadGithubKey } from './signing-key.js';

export { githubConfigSchema, GITHUB_ACTIONS_HOST, GITHUB_ACTIONS_ISSUER, type GithubConfig, type GithubConfigInput } from './config.js';

export interface GithubParty {
  /** `issuer` is the tokens' `iss`; `url` the listener; `jobs` each job's runner variables. */
  urls: { issuer: string; url: string; jobs: Record<string, JobEnvironment> };
  /** The listener's port: whoever verifies tokens reaches token.actions.githubusercontent.com here. */
  port: number;
  close(): Promise<void>;
}

/**
 * Start GitHub Actions' OIDC provider as a workflow job sees it. It answers on HTTPS both as the
 * loopback listener and, by SNI, as token.actions.githubusercontent.com, so a verifier that pins
 * that name to this port checks the real issuer string with a certificate of fedlab's CA.
 */
export async function startGithub(config: GithubConfig, ctx: PartyContext): Promise<GithubParty> {
  const key = await loadGithubKey(ctx);
  const runs = createJobRuns(config.jobs);
  const certificates = createHostCertificates(ctx.tls);
  let jobs: Record<string, JobEnvironment> = {};
  const app = createGithubApp({ ctx, key, runs, lifetimeSeconds: config.tokenLifetimeSeconds, control: githubControlRouter(ctx, config.host, () => jobs) });
  const listener = await listen(app, {
    host: config.host,
    port: config.port,
    hostnames: [GITHUB_ACTIONS_HOST],
    tls: {
      cert: ctx.tls.serverCertPem,
      key: ctx.tls.serverKeyPem,
      sniCallback: (name, done) => {
        if (name.toLowerCase() !== GITHUB_ACTIONS_HOST) return done(null);
        certificates.contextFor(GITHUB_ACTIONS_HOST).then((context) => done(null, context), (error: Error) => done(error));
      },
    },
  });
  jobs = Object.fromEntries(runs.map((run) => [run.config.name, jobEnvironment(listener.url, run, subjectOf(run))]));
  ctx.logger.info({ url: listener.url, issuer: GITHUB_ACTIONS_ISSUER, jobs: runs.length }, 'github actions issuer listening');
  return { urls: { issuer: GITHUB_ACTIONS_ISSUER, url: listener.url, jobs }, port: listener.port, close: () => listener.close() };
}
