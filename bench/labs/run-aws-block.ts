import * as iam from '@aws-sdk/client-iam';
import * as organizations from '@aws-sdk/client-organizations';
import * as sts from '@aws-sdk/client-sts';
import { memberName, operationName, query, type AwsCall, type PageBlock } from './page-script.js';

export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface BlockTarget {
  endpoint: string;
  region: string;
  credentials: AwsKeys;
  /** Times one call under a step name (the driver's timer). */
  timed: <T>(step: string, work: () => Promise<T>) => Promise<T>;
  /** Names the caller in errors (`a07`, `facilitator`). */
  who: string;
}

type Sdk = Record<string, unknown>;
type Client = { send(command: unknown): Promise<unknown>; destroy(): void };
type ClientClass = new (config: Record<string, unknown>) => Client;
type CommandClass = new (input: Record<string, unknown>) => unknown;

const SERVICES: Record<string, { sdk: Sdk; client: string }> = {
  iam: { sdk: iam, client: 'IAMClient' },
  sts: { sdk: sts, client: 'STSClient' },
  organizations: { sdk: organizations, client: 'OrganizationsClient' },
};
/** The CLI's own options: not members of the request. */
const CLI_OPTIONS = new Set(['query', 'output', 'region', 'profile', 'no-cli-pager']);
/** Members the CLI takes as a list (one value on the page). */
const LIST_MEMBERS = new Set(['Audience']);

function input(call: AwsCall, variables: Map<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [flag, raw] of Object.entries(call.flags)) {
    if (CLI_OPTIONS.has(flag)) continue;
    const value = raw.replace(/\$(\w+)/g, (whole, name: string) => variables.get(name) ?? whole);
    const member = memberName(flag);
    out[member] = LIST_MEMBERS.has(member) ? [value] : /Seconds$/.test(member) && /^\d+$/.test(value) ? Number(value) : value;
  }
  return out;
}

/**
 * Runs a page block's `aws` calls with the real SDK v3 clients, signed with `target.credentials`:
 * a call the page marks as refused must be refused, every other call must succeed.
 */
export async function runAwsBlock(block: PageBlock, target: BlockTarget): Promise<void> {
  const clients = new Map<string, Client>();
  const variables = new Map<string, string>();
  try {
    for (const call of block.calls) {
      const service = SERVICES[call.service];
      if (!service) throw new Error(`${target.who}: the driver knows no SDK client for \`aws ${call.service}\` (${call.line})`);
      let client = clients.get(call.service);
      if (!client) {
        const Client = service.sdk[service.client] as ClientClass;
        client = new Client({ endpoint: target.endpoint, region: target.region, credentials: target.credentials, maxAttempts: 1 });
        clients.set(call.service, client);
      }
      const name = operationName(call.operation);
      const Command = service.sdk[`${name}Command`] as CommandClass | undefined;
      if (!Command) throw new Error(`${target.who}: no ${name}Command in the ${call.service} SDK (${call.line})`);
      const request = input(call, variables);
      const sender = client;
      const outcome = await target.timed(`${call.service}:${name}`, () => sender.send(new Command(request))).then(
        (answer) => ({ ok: true as const, answer }),
        (error: Error) => ({ ok: false as const, error }),
      );
      if (call.refused && outcome.ok) throw new Error(`${target.who}: the page says \`${call.line}\` is refused; it was accepted`);
      if (!call.refused && !outcome.ok) throw new Error(`${target.who}: \`${call.line}\` failed: ${outcome.error.name}: ${outcome.error.message}`);
      if (call.captureAs && outcome.ok) variables.set(call.captureAs, query(outcome.answer, call.flags.query ?? ''));
    }
  } finally {
    clients.forEach((c) => c.destroy());
  }
}
