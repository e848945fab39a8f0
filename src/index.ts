export { startFedlab, type Fedlab, type FedlabUrls, type StartOptions, type FedlabAssertionOptions } from './start-fedlab.js';
export { createStsClient, mintWebIdentityToken, type AwsCredentials, type MintOptions } from './client/sts-client.js';
export { createAssertionCredential } from './client/assertion-credential.js';
export { createHttpsAgent, createTrustingFetch, azureTlsOptions } from './client/trust.js';
export { createMsalNetworkClient } from './client/msal-network-client.js';
export { fedlabConfigSchema, loadFedlabConfig, type FedlabConfig, type FedlabConfigInput } from './config.js';
export { ConfigError } from './core/config/config-error.js';
