import { GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { createStsClient } from '../client/sts-client.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFedlabConfig, type FedlabConfig } from '../config.js';
import type { AttendeeHandout } from '../labs/attendees-file.js';

export interface TokenCommandOptions {
  /** Required unless --attendee names whose first principal signs. */
  principal?: string;
  /** `--attendee aNN`: that attendee's principal, endpoint and region, from <state-dir>/attendees.json. */
  attendee?: string;
  stateDir?: string;
  audience: string[];
  alg: string;
  duration?: string;
  endpoint?: string;
  config?: string;
  region?: string;
}

export interface Output {
  write(text: string): unknown;
}

/** Something the person at the terminal can fix in the command line (exit code 2). */
export class TokenUsageError extends Error {}

/** STS answered with an error (exit code 1). */
export class StsRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

export interface MintedToken {
  token: string;
  expiration?: Date;
  endpoint: string;
}

const listenerHost = (host: string) => (host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host);

/**
 * Ask the running fedlab STS for a token the way an application would: the real AWS SDK, the
 * principal's credentials from the configuration, SigV4 for the account's region.
 */
export async function mintTokenWithConfig(config: FedlabConfig, options: TokenCommandOptions): Promise<MintedToken> {
  if (!options.principal) throw new TokenUsageError('give --principal <arn> (or --attendee <id> in a room)');
  const account = config.aws.accounts.find((a) => a.principals.some((p) => p.arn === options.principal));
  const principal = account?.principals.find((p) => p.arn === options.principal);
  if (!account || !principal) {
    const known = config.aws.accounts.flatMap((a) => a.principals.map((p) => `  ${p.arn}`));
    throw new TokenUsageError(`no principal ${options.principal} in the configuration; configured principals:\n${known.join('\n')}`);
  }
  const endpoint = options.endpoint ?? `http://${listenerHost(config.aws.host)}:${config.aws.port}`;
  return mint({ endpoint, region: options.region ?? account.region, principal }, options);
}

/** `--attendee`: the attendee's own principal (the first, or --principal among theirs), endpoint and region. */
export async function mintTokenForAttendee(handouts: readonly AttendeeHandout[], options: TokenCommandOptions): Promise<MintedToken> {
  const handout = handouts.find((h) => h.id === options.attendee);
  if (!handout) throw new TokenUsageError(`no attendee '${options.attendee}' (known: ${handouts.map((h) => h.id).join(', ') || 'none'})`);
  const principal = options.principal ? handout.aws.principals.find((p) => p.arn === options.principal) : handout.aws.principals[0];
  if (!principal) throw new TokenUsageError(`attendee ${handout.id} has no principal ${options.principal ?? ''}; theirs:\n${handout.aws.principals.map((p) => `  ${p.arn}`).join('\n')}`);
  return mint({ endpoint: options.endpoint ?? handout.aws.endpoint, region: options.region ?? handout.aws.region, principal }, options);
}

function readHandouts(stateDir: string): AttendeeHandout[] {
  const file = join(stateDir, 'attendees.json');
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { attendees: AttendeeHandout[] }).attendees;
  } catch (error) {
    throw new TokenUsageError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): is \`fedlab start --attendees N --state-dir ${stateDir}\` running?`);
  }
}

type Signer = { accessKeyId: string; secretAccessKey: string; sessionToken?: string | null };

async function mint(target: { endpoint: string; region: string; principal: Signer }, options: TokenCommandOptions): Promise<MintedToken> {
  if (options.audience.length === 0) throw new TokenUsageError('give at least one --audience');
  const duration = options.duration === undefined ? undefined : Number(options.duration);
  if (duration !== undefined && !Number.isInteger(duration)) throw new TokenUsageError(`--duration must be a whole number of seconds, not '${options.duration}'`);
  const { endpoint, principal } = target;
  const sts = createStsClient({
    endpoint,
    region: target.region,
    credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey, ...(principal.sessionToken ? { sessionToken: principal.sessionToken } : {}) },
  });
  try {
    const result = await sts.send(new GetWebIdentityTokenCommand({ Audience: options.audience, SigningAlgorithm: options.alg, DurationSeconds: duration }));
    return { token: result.WebIdentityToken!, expiration: result.Expiration, endpoint };
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    if (e.$metadata?.httpStatusCode) throw new StsRefusal(e.name, e.message, e.$metadata.httpStatusCode);
    // The SDK's retry layer wraps network errors in a generic Error; keep only the cause's text.
    const reason = e.message.replace(/^AWS SDK error wrapper for (Error: )?/, '');
    throw new TokenUsageError(`cannot reach fedlab STS at ${endpoint}: ${reason} (is \`fedlab start\` running? see --endpoint)`);
  } finally {
    sts.destroy();
  }
}

/** `fedlab token`: prints the token alone on stdout, so it pipes into `fedlab decode -`. */
export async function runToken(options: TokenCommandOptions, out: Output = process.stdout, err: Output = process.stderr): Promise<number> {
  try {
    const minted = options.attendee ? await mintTokenForAttendee(readHandouts(options.stateDir ?? '.fedlab'), options) : await mintTokenWithConfig(loadFedlabConfig(options.config), options);
    out.write(minted.token + '\n');
    return 0;
  } catch (error) {
    if (error instanceof StsRefusal) {
      err.write(`fedlab token: STS refused (HTTP ${error.status}): ${error.code}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof TokenUsageError) {
      err.write(`fedlab token: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
