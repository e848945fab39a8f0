import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createStateStore } from '../core/state-dir.js';
import { loadOrCreateLocalTls } from '../core/tls/local-ca.js';

/**
 * Prints the path of fedlab's local CA certificate (creating the CA in the state dir if this is
 * the first run), for NODE_EXTRA_CA_CERTS or a system trust store.
 */
export async function runCa(options: { stateDir: string }): Promise<void> {
  const dir = resolve(options.stateDir);
  const tls = await loadOrCreateLocalTls(createStateStore(dir));
  const path = join(dir, 'ca.pem');
  writeFileSync(path, tls.caCertPem);
  process.stdout.write(path + '\n');
}
