import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFedlabConfig, type FedlabConfig } from '../config.js';
import { startParties, type FedlabUrls } from '../start-parties.js';
import { runDemo } from '../demo/run-demo.js';
import { createTextRenderer } from '../demo/render-text.js';
import type { DemoInputs } from '../demo/demo-context.js';
import type { DemoStep } from '../demo/demo-step.js';
import type { DemoSources } from '../demo/fix-hints.js';
import { realVaultUrl } from '../core/real-hosts.js';

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
  /** `--real-hostnames`: the clouds' production names, through fedlab's forward proxy. */
  realHostnames?: boolean;
}

/** A mistake in how the demo was asked for; `fix` says what to do instead. */
class DemoUsageError extends Error {
  constructor(message: string, readonly fix?: string) {
    super(message);
  }
}

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

/**
 * With --real-hostnames every step goes through the proxy; a running fedlab must have it, and it
 * must answer (the urls file outlives a killed process).
 */
async function requireProxy(urls: FedlabUrls, source: string): Promise<{ proxyUrl: string; real: NonNullable<FedlabUrls['real']> }> {
  const restart = `restart it with \`fedlab start --proxy\` (or a \`proxy:\` section in its configuration), or stop it so that the demo starts its own with the proxy`;
  if (!urls.proxy || !urls.real) throw new DemoUsageError(`--real-hostnames: the running fedlab at ${urls.aws.endpoint} has no forward proxy (${source} names none)`, restart);
  try {
    const health = await fetch(`${urls.proxy.url}/health`, { signal: AbortSignal.timeout(1000) });
    if (!health.ok) throw new Error(`HTTP ${health.status}`);
  } catch (error) {
    throw new DemoUsageError(`--real-hostnames: fedlab's proxy at ${urls.proxy.url} (from ${source}) is not listening: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`, restart);
  }
  return { proxyUrl: urls.proxy.url, real: urls.real };
}

function demoInputs(config: FedlabConfig, urls: FedlabUrls, options: DemoCommandOptions, proxy?: { proxyUrl: string }): DemoInputs {
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
  // With the proxy: no endpoint (the SDK resolves sts.<region>.amazonaws.com), Microsoft's authority, the vault's real name.
  const vaultUrl = proxy ? config.vault && realVaultUrl(config.vault.name) : urls.vault?.url;
  return {
    ...(proxy ? { proxyUrl: proxy.proxyUrl } : { awsEndpoint: urls.aws.endpoint }),
    region: account.region,
    principalArn,
    credentials: { accessKeyId: principal.accessKeyId, secretAccessKey: principal.secretAccessKey, ...(principal.sessionToken ? { sessionToken: principal.sessionToken } : {}) },
    audience: options.audience,
    algorithm: options.alg,
    durationSeconds: Number(options.duration),
    authorityHost: proxy ? urls.real!.authorityHost : urls.entra.authorityHost,
    entraListener: urls.entra.authorityHost,
    tenantId: tenant.id,
    clientId,
    resource: options.resource,
    vaultUrl,
    secretName: options.secret,
    caPem: readFileSync(urls.ca, 'utf8'),
    sources,
  };
}

export async function runDemoCommand(options: DemoCommandOptions): Promise<number> {
  const config = loadFedlabConfig(options.config);
  const urlsFile = options.urlsFile ?? join(options.stateDir, 'urls.json');
  let urls = await runningUrls(urlsFile);
  const inProcess = urls ? undefined : await startParties({ configFile: options.config, ports: 'auto', ...(options.realHostnames ? { proxy: { port: 0 } } : {}) });
  urls ??= inProcess!.urls;
  try {
    const proxy = options.realHostnames ? await requireProxy(urls, inProcess ? "the demo's own fedlab" : urlsFile) : undefined;
    const inputs = demoInputs(config, urls, options, proxy);
    const steps: DemoStep[] = [];
    const render = createTextRenderer(Boolean(process.stdout.isTTY));
    if (!options.json) process.stdout.write(inProcess ? 'No running fedlab found: started one in-process for this demo.\n' : `Using the running fedlab at ${urls.aws.endpoint}.\n`);
    if (!options.json && proxy) process.stdout.write(`Production configuration through fedlab's proxy at ${proxy.proxyUrl}: no STS endpoint, authority ${inputs.authorityHost}, vault ${inputs.vaultUrl ?? '(none)'}.\n`);
    if (!options.json) process.stdout.write('\n');
    for await (const step of runDemo(inputs)) {
      steps.push(step);
      if (!options.json) process.stdout.write(render(step) + '\n');
    }
    const ok = steps.every((s) => s.ok);
    if (options.json) process.stdout.write(JSON.stringify({ ok, startedInProcess: Boolean(inProcess), inputs: { ...inputs, credentials: undefined, caPem: undefined, sources: undefined }, steps }, null, 2) + '\n');
    return ok ? 0 : 1;
  } catch (error) {
    if (error instanceof DemoUsageError) {
      process.stderr.write(`fedlab demo: ${error.message}\n${error.fix ? `   fix: ${error.fix}\n` : ''}`);
      return 2;
    }
    throw error;
  } finally {
    await inProcess?.close();
  }
}
