import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE } from '../../src/config.js';

export function tempDir(prefix = 'fedlab-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The embedded default config as a plain object, to mutate in a test. */
export function defaultConfigObject(): Record<string, any> {
  return parse(readFileSync(DEFAULT_CONFIG_FILE, 'utf8'));
}

/** Every party section's port set to 0 (any free port). */
export function withFreePorts(config: Record<string, any>): Record<string, any> {
  for (const section of Object.values(config)) {
    if (section && typeof section === 'object' && 'port' in section) section.port = 0;
  }
  return config;
}

export function writeConfig(dir: string, config: unknown, name = 'fedlab.yaml'): string {
  const file = join(dir, name);
  writeFileSync(file, typeof config === 'string' ? config : stringify(config));
  return file;
}
