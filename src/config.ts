import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import { awsConfigSchema } from './aws/config.js';
import { entraConfigSchema } from './entra/config.js';
import { vaultConfigSchema } from './vault/config.js';
import { loadConfigFile, validateConfig } from './core/config/load-config.js';

/** The whole configuration file: one section per simulated party. */
export const fedlabConfigSchema = z.strictObject({
  aws: awsConfigSchema,
  entra: entraConfigSchema.optional(),
  vault: vaultConfigSchema.optional(),
});

export type FedlabConfig = z.output<typeof fedlabConfigSchema>;
export type FedlabConfigInput = z.input<typeof fedlabConfigSchema>;

export const DEFAULT_CONFIG_FILE = fileURLToPath(new URL('../fixtures/fedlab.yaml', import.meta.url));

export function loadFedlabConfig(file: string = DEFAULT_CONFIG_FILE): FedlabConfig {
  return loadConfigFile(fedlabConfigSchema, file);
}

export function parseFedlabConfig(raw: unknown): FedlabConfig {
  return validateConfig(fedlabConfigSchema, raw);
}
