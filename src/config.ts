import { z } from 'zod';
import { fileURLToPath } from 'node:url';
import { awsConfigSchema } from './aws/config.js';
import { entraConfigSchema } from './entra/config.js';
import { vaultConfigSchema } from './vault/config.js';
import { consoleConfigSchema } from './console/config.js';
import { proxyConfigSchema } from './proxy/config.js';
import { githubConfigSchema } from './github/config.js';
import { armConfigSchema } from './arm/config.js';
import { loadConfigFile, validateConfig } from './core/config/load-config.js';
import { adminConfigSchema } from './core/control/admin-config.js';
import { labsConfigSchema } from './labs/config.js';
import { storeUrlSchema } from './core/shared/store-config.js';

/** The whole configuration file: one section per simulated party. */
export const fedlabConfigSchema = z.strictObject({
  aws: awsConfigSchema,
  entra: entraConfigSchema.optional(),
  vault: vaultConfigSchema.optional(),
  /** More Key Vaults, each of its own tenant (a vault belongs to one tenant): `--attendees` adds one per attendee. */
  vaults: z.array(vaultConfigSchema).default([]),
  /** `/_fedlab/*` runtime control: the token required on non-loopback listeners. */
  admin: adminConfigSchema.optional(),
  /** The workshop console (web page); started only when this section is present. */
  console: consoleConfigSchema.optional(),
  /**
   * The forward proxy answering for the clouds' real host names (started only when present).
   * With it, issuers take the real form `https://<issuer id>.tokens.sts.global.api.aws`.
   */
  proxy: proxyConfigSchema.optional(),
  /**
   * GitHub Actions' OIDC provider (started only when present): workflow jobs get tokens whose `iss`
   * is https://token.actions.githubusercontent.com, which the fake Entra verifies with this listener's keys.
   */
  github: githubConfigSchema.optional(),
  /**
   * Azure Resource Manager (started only when present, and only with an `entra` section):
   * Microsoft.ManagedIdentity user-assigned identities and their federated credentials, whose changes
   * reach the fake Entra over HTTP.
   */
  arm: armConfigSchema.optional(),
  /** The lab courses this configuration is made for (labs/README.md); no labs without it. */
  labs: labsConfigSchema.optional(),
  /** The replicas' shared store (`redis://host:port/db`); `--store` wins. Absent: the embedded default. */
  store: storeUrlSchema.optional(),
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
