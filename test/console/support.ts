import { startParties, type RunningParties, type StartOptions } from '../../src/start-parties.js';

export interface ConsoleLab {
  fedlab: RunningParties;
  /** http://127.0.0.1:<port> of the console. */
  url: string;
  close(): Promise<void>;
}

/** fedlab with its embedded config (console included) on free loopback ports. */
export async function startConsoleLab(options: StartOptions = {}): Promise<ConsoleLab> {
  const fedlab = await startParties({ ports: 'auto', ...options });
  if (!fedlab.urls.console) throw new Error('the console did not start');
  return { fedlab, url: fedlab.urls.console.url, close: () => fedlab.close() };
}

export const WORKLOAD_ROLE = 'arn:aws:iam::111122223333:role/fedlab-workload';
export const TENANT = '8c1f6a52-3c0e-4f2e-9d51-6f0b1d2a7e10';
export const WORKLOAD_APP = '4b7e2c1a-9f3d-4e8b-a6c5-2d1f0e9b8a71';
export const VAULT = 'https://vault.azure.net';
