import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startParties, type RunningParties } from '../start-parties.js';
import { createLogger } from '../core/logger.js';

export interface StartCommandOptions {
  config?: string;
  stateDir: string;
  urlsFile?: string;
  logLevel: string;
}

function banner(fedlab: RunningParties): string {
  const { urls } = fedlab;
  const lines = [
    'fedlab: local AWS → Entra workload identity federation',
    `  AWS STS/IAM endpoint   ${urls.aws.endpoint}`,
    ...Object.entries(urls.aws.issuers).map(([account, issuer]) => `  issuer ${account}  ${issuer}`),
    ...(urls.entra ? [`  Entra authority host   ${urls.entra.authorityHost}  (tenant ${fedlab.tenantId}, client ${fedlab.clientId})`] : []),
    ...(urls.vault ? [`  Key Vault              ${urls.vault.url}`] : []),
    `  local CA               ${urls.ca}`,
    'fedlab ready',
  ];
  return lines.join('\n');
}

export async function runStart(options: StartCommandOptions): Promise<void> {
  const logger = createLogger({ level: options.logLevel });
  const fedlab = await startParties({ configFile: options.config, stateDir: options.stateDir, urlsFile: options.urlsFile, logger });
  // Other commands (demo, token) find a running fedlab through this file.
  writeFileSync(join(options.stateDir, 'urls.json'), JSON.stringify(fedlab.urls, null, 2) + '\n');
  process.stdout.write(banner(fedlab) + '\n');
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    fedlab.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
