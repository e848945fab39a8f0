export { startFedlab, type Fedlab, type FedlabUrls, type StartOptions } from './start-fedlab.js';
export { fedlabConfigSchema, loadFedlabConfig, type FedlabConfig, type FedlabConfigInput } from './config.js';
export { ConfigError } from './core/config/config-error.js';
