import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startParties, stateDirOf, storeOf, type RunningParties, type StartOptions } from '../start-parties.js';
import { createLogger } from '../core/logger.js';
import { parseWorkerCount, runReplicas, type WorkerHooks } from './start-replicas.js';
import { ConfigError } from '../core/config/config-error.js';
import { MAX_ATTENDEES } from '../labs/attendees.js';
import { attendeeHandouts } from '../labs/attendees-file.js';
import { exitOnSignals } from './shutdown.js';

export interface StartCommandOptions {
  config?: string;
  stateDir: string;
  urlsFile?: string;
  logLevel: string;
  /** `--attendees N`: a workshop room. */
  attendees?: string;
  /** `--workers N`: N replicas (node:cluster processes) on one shared store (start-replicas.ts). */
  workers?: string;
  labs?: string;
  /** `--store redis://host:port/db`: replicas share their state through this Redis. */
  store?: string;
  /** `--proxy [port]`: the forward proxy for the clouds' real host names. */
  proxy?: string | boolean;
}

function proxyOption(value: string | boolean | undefined): StartOptions['proxy'] {
  if (value === undefined || value === false) return undefined;
  if (value === true) return true;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port > 65535) throw new ConfigError(undefined, [`--proxy: expected a port number from 0 to 65535, got '${value}'`]);
  return { port };
}

function listenerLines({ urls, listeners }: RunningParties): string[] {
  const advertised: Record<string, string | undefined> = { aws: urls.aws.endpoint, entra: urls.entra?.authorityHost, vault: urls.vault?.url, console: urls.console?.url, arm: urls.arm?.url };
  const behind = Object.entries(listeners).filter(([party, url]) => url !== advertised[party]);
  return behind.length ? [`  listeners (public URL) ${behind.map(([party, url]) => `${party} ${url}`).join(', ')}`] : [];
}

function banner(fedlab: RunningParties, attendeesFile: string): string {
  const { urls } = fedlab;
  const lines = [
    'fedlab: local AWS → Entra workload identity federation',
    `  AWS STS/IAM endpoint   ${urls.aws.endpoint}`,
    ...Object.entries(urls.aws.issuers).map(([account, issuer]) => `  issuer ${account}  ${issuer}`),
    ...(urls.entra ? [`  Entra authority host   ${urls.entra.authorityHost}  (tenant ${fedlab.tenantId}, client ${fedlab.clientId})`] : []),
    ...(urls.vault ? [`  Key Vault              ${urls.vault.url}`] : []),
    ...(urls.arm ? [`  Resource Manager       ${urls.arm.url}  (Microsoft.ManagedIdentity; tokens for https://management.azure.com/.default)`] : []),
    ...(urls.proxy ? [`  proxy (real names)     ${urls.proxy.url}   eval "$(fedlab env)"   then use sts.amazonaws.com, login.microsoftonline.com, ${urls.real?.vaults[0] ?? '<name>.vault.azure.net'}`] : []),
    ...(urls.console ? [`  Console (open this)    ${urls.console.url}${fedlab.console?.token ? `/?token=${fedlab.console.token}` : ''}`] : []),
    `  local CA               ${urls.ca}`,
    // Behind a balancer (publicUrl) the URLs above are its; these are what it forwards to.
    ...listenerLines(fedlab),
    // A state dir serves one configuration; another one gets its own state beside it (never mixed).
    ...(fedlab.state?.divertedFrom ? [`  state                  ${fedlab.state.dir}  (this configuration's own; the state dir was made for ${fedlab.state.divertedFrom.configuration})`] : []),
    ...(fedlab.labs && urls.console ? [`  Labs                   ${urls.console.url}/api/labs/status   (fedlab lab status; eval "$(fedlab lab env${fedlab.attendees ? ' --attendee aNN' : ''})")`] : []),
    ...(fedlab.attendees ? [`  Attendees              ${fedlab.attendees.length}, credentials in ${attendeesFile}  (fedlab lab status --all)`] : []),
    // Listeners off loopback guard /_fedlab/* with this token (docs/runtime-control.md).
    ...(fedlab.admin.required ? [`  admin token            ${fedlab.admin.generated ? fedlab.admin.token + '  (generated; set admin.token to keep one)' : '(admin.token from the configuration)'}`] : []),
    'fedlab ready',
  ];
  return lines.join('\n');
}

export async function runStart(options: StartCommandOptions): Promise<void> {
  const logger = createLogger({ level: options.logLevel });
  const attendees = options.attendees === undefined ? undefined : Number(options.attendees);
  if (attendees !== undefined && !(Number.isInteger(attendees) && attendees >= 1 && attendees <= MAX_ATTENDEES)) {
    throw new ConfigError(undefined, [`--attendees: expected a number of attendees from 1 to ${MAX_ATTENDEES}, got '${options.attendees}'`]);
  }
  const attendeesFile = join(options.stateDir, 'attendees.json');
  const proxy = proxyOption(options.proxy);
  const startOptions = { configFile: options.config, stateDir: options.stateDir, logger, attendees, labsDir: options.labs, proxy, ...(options.store ? { store: options.store } : {}) };
  // With --workers, `hooks` come from the cluster and the primary writes the urls files.
  const start = async (hooks?: WorkerHooks, first = true) => {
    const fedlab = await startParties({ ...startOptions, urlsFile: hooks ? undefined : options.urlsFile, ...hooks });
    // The facilitator hands each attendee their entry (secrets included: the file is private to the
    // user); one person's lab gets its one entry too, for `fedlab lab env`.
    const handedOut = fedlab.attendees ?? fedlab.labs?.service.attendees;
    if (handedOut && first) writeFileSync(attendeesFile, JSON.stringify({ attendees: attendeeHandouts(handedOut, fedlab.urls) }, null, 2) + '\n', { mode: 0o600 });
    return fedlab;
  };
  const workers = parseWorkerCount(options.workers);
  if (workers > 1) {
    return runReplicas({ workers, stateDir: options.stateDir, urlsFile: options.urlsFile, store: storeOf(startOptions), logger, stateDirOf: () => stateDirOf(startOptions).dir, start, banner: (fedlab) => banner(fedlab, attendeesFile) });
  }
  const fedlab = await start();
  // Other commands (demo, token) find a running fedlab through this file.
  writeFileSync(join(options.stateDir, 'urls.json'), JSON.stringify(fedlab.urls, null, 2) + '\n');
  process.stdout.write(banner(fedlab, attendeesFile) + '\n');
  exitOnSignals({ logger, close: () => fedlab.close() });
}
