import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createStateStore } from '../core/state-dir.js';
import { loadOrCreateLocalTls } from '../core/tls/local-ca.js';

/** The CA file a fedlab started on this state dir named in its urls.json, when it still exists. */
function runningFedlabCa(dir: string): string | undefined {
  try {
    const { ca } = JSON.parse(readFileSync(join(dir, 'urls.json'), 'utf8')) as { ca?: unknown };
    return typeof ca === 'string' && existsSync(ca) ? ca : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Prints the path of fedlab's local CA certificate, for NODE_EXTRA_CA_CERTS or a system trust
 * store. A fedlab started on this state dir wrote its CA there and named it in urls.json: that file
 * is the one, and it is left as it is (a replica's CA lives in the shared store, not in its state
 * dir, so one made here would be another CA). Before any start, the CA is created in the state dir.
 */
export async function runCa(options: { stateDir: string }): Promise<void> {
  const dir = resolve(options.stateDir);
  const running = runningFedlabCa(dir);
  if (running) {
    process.stdout.write(running + '\n');
    return;
  }
  const tls = await loadOrCreateLocalTls(createStateStore(dir));
  const path = join(dir, 'ca.pem');
  writeFileSync(path, tls.caCertPem);
  process.stdout.write(path + '\n');
}
