#!/usr/bin/env node
import { Command } from 'commander';
import { ConfigError } from './core/config/config-error.js';
import { CorruptStateError } from './core/state-dir.js';
import { runStart } from './commands/start.js';

/** Problems a user can fix: printed plainly, exit code 2, never a stack trace. */
function fail(error: unknown): never {
  if (error instanceof ConfigError || error instanceof CorruptStateError) {
    process.stderr.write(`fedlab: ${error.message}\n`);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    process.stderr.write(`fedlab: cannot listen: ${(error as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`fedlab: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
}

const program = new Command()
  .name('fedlab')
  .description('Local simulator of AWS → Microsoft Entra workload identity federation');

program
  .command('start')
  .description('start the simulator (all parties) and print its endpoints')
  .option('-c, --config <file>', 'YAML or JSON configuration (default: the embedded fixtures/fedlab.yaml)')
  .option('--state-dir <dir>', 'where issuer ids, signing keys and the local CA are kept', '.fedlab')
  .option('--urls-file <file>', 'write a JSON document of every endpoint here once ready')
  .option('--log-level <level>', 'pino log level (silent, info, debug, ...)', process.env.FEDLAB_LOG_LEVEL ?? 'info')
  .action((options) => runStart(options).catch(fail));

program.parseAsync(process.argv).catch(fail);
