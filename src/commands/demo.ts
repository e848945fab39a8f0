import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFedlabConfig, type FedlabConfig } from '../config.js';
import { startParties, type FedlabUrls } from '../start-parties.js';
import { runDemo } from '../demo/run-demo.js';
import { createTextRenderer } from '../demo/render-text.js';
import type { DemoInputs } from '../demo/demo-context.js';
import type { DemoStep } from '../demo/demo-step.js';
import type { DemoSources } from '../demo/fix-hints.js';

export interface DemoCommandOptions {
  config?: string;
  stateDir: string;
  urlsFile?: string;
  principal?: string;
  audience: string;
  alg: string;
  duration: string;
  tenant?: string;
  clientId?: string;
  resource: string;
  secret: string;
  json?: boolean;
}

class DemoUsageError extends Error {}

async function runningUrls(file: string): Promise<FedlabUrls | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    const urls = JSON.parse(readFileSync(file, 'utf8')) as FedlabUrls;
    const health = await fetch(`${urls.aws.endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    return health.ok ? urls : undefined;
  } catch {
    return undefined;
  }
}

function demoInputs(config: FedlabConfig, urls: FedlabUrls, options: DemoCommandOptions): DemoInputs {
  const accounts = config.aws.accounts;
  const principalArn = options.principal ?? accounts.find((a) => a.outboundFederation === 'enabled')?.principals[0]?.arn ?? accounts[0]!.principals[0]!.arn;
  const account = accounts.find((a) => a.principals.some((p) => p.arn === principalArn));
  const principal = account?.principals.find((p) => p.arn === principalArn);
  if (!account || !principal) throw new DemoUsageError(`no principal ${principalArn} in the configuration (see --config)`);
  if (options.alg !== 'RS256' && options.alg !== 'ES384') throw new DemoUsageError(`--alg must be RS256 or ES384, not ${options.alg}`);
  if (!config.entra || !urls.entra) throw new DemoUsageError('the configuration has no entra section');
  const tenant = options.tenant ? config.entra.tenants.find((t) => t.id === options.tenant || t.domains.includes(options.tenant!)) : config.entra.tenants[0];
  if (!tenant) throw new DemoUsageError(`no tenant ${options.tenant} in the configuration`);
  const clientId = options.clientId ?? tenant.applications[0]?.appId;
  if (!clientId) throw new DemoUsageError(`tenant ${tenant.id} has no application`);
  const accountIndex = accounts.indexOf(account);
  const tenantPath = `entra.tenants[${config.entra.tenants.indexOf(tenant)}]`;
  const appIndex = tenant.applications.findIndex((a) => a.appId.toLowerCase() === clientId.toLowerCase());
  const sources: DemoSources = {
    config: options.config ?? 'the embedded defaults (fixtures/fedlab.yaml)',
    accountId: account.id,
    account: `aws.accounts[${accountIndex}]`,
    principal: `aws.accounts[${accountIndex}].principals[${account.principals.indexOf(principal)}]`,
    tenant: tenantPath,
    ...(appIndex >= 0 ? { application: `${tenantPath}.applications[${appIndex}]` } : {}),
  };
  return {
    awsEndpoint: urls.aws.endpoint,
    region: account.region,
    principalArn,
    credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey, ...(principal.sessionToken ? { sessionToken: principal.sessionToken } : {}) },
    audience: options.audience,
    algorithm: options.alg,
    durationSeconds: Number(options.duration),
    authorityHost: urls.entra.authorityHost,
    tenantId: tenant.id,
    clientId,
    resource: options.resource,
    vaultUrl: urls.vault?.url,
    secretName: options.secret,
    caPem: readFileSync(urls.ca, 'utf8'),
    sources,
  };
}

export async function runDemoCommand(options: DemoCommandOptions): Promise<number> {
  const config = loadFedlabConfig(options.config);
  let urls = await runningUrls(options.urlsFile ?? join(options.stateDir, 'urls.json'));
  const inProcess = urls ? undefined : await startParties({ configFile: options.config, ports: 'auto' });
  urls ??= inProcess!.urls;
  try {
    const inputs = demoInputs(config, urls, options);
    const steps: DemoStep[] = [];
    const render = createTextRenderer(Boolean(process.stdout.isTTY));
    if (!options.json) process.stdout.write(inProcess ? 'No running fedlab found: started one in-process for this demo.\n\n' : `Using the running fedlab at ${urls.aws.endpoint}.\n\n`);
    for await (const step of runDemo(inputs)) {
      steps.push(step);
      if (!options.json) process.stdout.write(render(step) + '\n');
    }
    const ok = steps.every((s) => s.ok);
    if (options.json) process.stdout.write(JSON.stringify({ ok, startedInProcess: Boolean(inProcess), inputs: { ...inputs, credentials: undefined, caPem: undefined, sources: undefined }, steps }, null, 2) + '\n');
    return ok ? 0 : 1;
  } catch (error) {
    if (error instanceof DemoUsageError) {
      process.stderr.write(`fedlab demo: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await inProcess?.close();
  }
}
