import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { caEnvironment, ENV_FORMATS, formatEnvironment, type EnvFormat } from '../client/proxy-env.js';
import type { AttendeeHandout } from '../labs/attendees-file.js';
import { LabCommandError } from './lab-api.js';
import type { Output } from './lab.js';

export interface LabEnvOptions {
  stateDir: string;
  attendee?: string;
  principal?: string;
  /** Whose GitHub Actions runner variables (a job of the `github` section; default its first). */
  job?: string;
  format: string;
}

export const LAB_ENV_FORMATS = [...ENV_FORMATS, 'json'] as const;

function handouts(stateDir: string): AttendeeHandout[] {
  const file = join(stateDir, 'attendees.json');
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { attendees: AttendeeHandout[] }).attendees;
  } catch (error) {
    throw new LabCommandError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): is \`fedlab start -c labs/fedlab-lab.yaml --state-dir ${stateDir}\` (a lab) running?`);
  }
}

function choose(all: AttendeeHandout[], options: LabEnvOptions): AttendeeHandout {
  const known = all.map((h) => h.id).join(', ') || 'none';
  if (!options.attendee) {
    if (all.length === 1) return all[0]!;
    throw new LabCommandError(`a room of ${all.length}: name the attendee with --attendee (known: ${known})`);
  }
  const found = all.find((h) => h.id === options.attendee);
  if (!found) throw new LabCommandError(`no attendee '${options.attendee}' (known: ${known})`);
  return found;
}

/**
 * The attendee's lab as environment variables, under the names the real clients read: the AWS SDKs
 * and CLI (keys, AWS_REGION and AWS_DEFAULT_REGION — CLI v1 reads only the latter — and
 * AWS_ENDPOINT_URL, the endpoint of every AWS service), @azure/identity (AZURE_TENANT_ID,
 * AZURE_CLIENT_ID, AZURE_AUTHORITY_HOST), fedlab's CA for every ecosystem, a GitHub Actions job's ACTIONS_ID_TOKEN_REQUEST_URL and
 * _TOKEN (what @actions/core reads) when the lab runs that issuer, and FEDLAB_* for what
 * no client reads by itself (role, issuer, vault, console, Graph admin app, managed identity, RBAC vault).
 */
/** The runner variables `core.getIDToken()` reads, for one workflow job of the lab. */
function githubEnvironment(handout: AttendeeHandout, job?: string): Record<string, string> {
  const jobs = handout.github?.jobs ?? {};
  if (!handout.github) {
    if (job) throw new LabCommandError(`--job ${job}: this lab runs no GitHub Actions issuer (no \`github\` section in its configuration)`);
    return {};
  }
  const name = job ?? Object.keys(jobs)[0];
  const chosen = name === undefined ? undefined : jobs[name];
  if (!chosen) throw new LabCommandError(`no GitHub Actions job '${name}' (known: ${Object.keys(jobs).join(', ') || 'none'})`);
  return { ACTIONS_ID_TOKEN_REQUEST_URL: chosen.ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN: chosen.ACTIONS_ID_TOKEN_REQUEST_TOKEN, FEDLAB_GITHUB_JOB: name!, FEDLAB_GITHUB_SUBJECT: chosen.subject };
}

export function labEnvironment(handout: AttendeeHandout, principalArn?: string, job?: string): Record<string, string> {
  const principal = principalArn ? handout.aws.principals.find((p) => p.arn === principalArn) : handout.aws.principals[0];
  if (!principal) throw new LabCommandError(`attendee ${handout.id} has no principal ${principalArn ?? ''}; theirs:\n${handout.aws.principals.map((p) => `  ${p.arn}`).join('\n')}`);
  const { aws, entra, vault } = handout;
  return {
    FEDLAB_ATTENDEE: handout.id,
    AWS_ACCESS_KEY_ID: principal.accessKeyId,
    AWS_SECRET_ACCESS_KEY: principal.secretAccessKey,
    ...(principal.sessionToken ? { AWS_SESSION_TOKEN: principal.sessionToken } : {}),
    AWS_REGION: aws.region,
    AWS_DEFAULT_REGION: aws.region,
    AWS_ENDPOINT_URL: aws.endpoint,
    FEDLAB_AWS_ENDPOINT: aws.endpoint,
    FEDLAB_AWS_ACCOUNT_ID: aws.accountId,
    FEDLAB_ROLE_ARN: principal.arn,
    ...(aws.issuer ? { FEDLAB_ISSUER: aws.issuer } : {}),
    ...(entra
      ? {
          AZURE_TENANT_ID: entra.tenantId,
          AZURE_CLIENT_ID: entra.clientId,
          AZURE_AUTHORITY_HOST: entra.authorityHost,
          ...(entra.graphAdmin ? { FEDLAB_GRAPH_CLIENT_ID: entra.graphAdmin.clientId, FEDLAB_GRAPH_CLIENT_SECRET: entra.graphAdmin.clientSecret } : {}),
          ...(entra.managedIdentity ? { FEDLAB_MANAGED_IDENTITY_CLIENT_ID: entra.managedIdentity.clientId, FEDLAB_MANAGED_IDENTITY_PRINCIPAL_ID: entra.managedIdentity.principalId } : {}),
        }
      : {}),
    ...(vault ? { FEDLAB_VAULT_URL: vault.url, FEDLAB_VAULT_NAME: vault.name } : {}),
    ...(handout.rbacVault ? { FEDLAB_RBAC_VAULT_URL: handout.rbacVault.url, FEDLAB_RBAC_VAULT_NAME: handout.rbacVault.name } : {}),
    ...(handout.console ? { FEDLAB_CONSOLE_URL: handout.console.page } : {}),
    ...githubEnvironment(handout, job),
    ...caEnvironment(handout.ca),
  };
}

/** `fedlab lab env`: an attendee's lab (from <state-dir>/attendees.json) as sh, fish, PowerShell, dotenv or JSON. */
export function runLabEnv(options: LabEnvOptions, out: Output = process.stdout): number {
  if (!(LAB_ENV_FORMATS as readonly string[]).includes(options.format)) throw new LabCommandError(`--format: expected one of ${LAB_ENV_FORMATS.join(', ')}, got '${options.format}'`);
  const env = labEnvironment(choose(handouts(options.stateDir), options), options.principal, options.job);
  out.write(options.format === 'json' ? JSON.stringify(env, null, 2) + '\n' : formatEnvironment(env, options.format as EnvFormat));
  return 0;
}
