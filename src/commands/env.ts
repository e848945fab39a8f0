import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/config/config-error.js';
import { ENV_FORMATS, formatEnvironment, proxyEnvironment, type EnvFormat } from '../client/proxy-env.js';
import type { FedlabUrls } from '../start-parties.js';

export interface EnvCommandOptions {
  stateDir: string;
  urlsFile?: string;
  format: string;
}

/** `fedlab env`: the variables that send a production-configured program to the running fedlab. */
export function runEnv(options: EnvCommandOptions): number {
  if (!ENV_FORMATS.includes(options.format as EnvFormat)) throw new ConfigError(undefined, [`--format: expected one of ${ENV_FORMATS.join(', ')}, got '${options.format}'`]);
  const file = options.urlsFile ?? join(options.stateDir, 'urls.json');
  if (!existsSync(file)) throw new ConfigError(undefined, [`no running fedlab: ${file} does not exist (run \`fedlab start --proxy\` first)`]);
  let urls: FedlabUrls;
  try {
    urls = JSON.parse(readFileSync(file, 'utf8')) as FedlabUrls;
  } catch (error) {
    throw new ConfigError(undefined, [`${file} is not a fedlab urls file: ${(error as Error).message}`]);
  }
  if (!urls.proxy) throw new ConfigError(undefined, [`the fedlab of ${file} runs without its proxy: start it with \`fedlab start --proxy\` (or a \`proxy:\` section in the configuration)`]);
  process.stdout.write(formatEnvironment(proxyEnvironment(urls.proxy.url, urls.ca), options.format as EnvFormat));
  return 0;
}
