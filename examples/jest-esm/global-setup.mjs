import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFedlab } from 'fedlab';

/**
 * Runs once in jest's parent process. Test files run in workers that inherit its environment, so
 * they find fedlab's urls file through FEDLAB_URLS_FILE; globalThis reaches globalTeardown only.
 */
export default async function globalSetup() {
  const urlsFile = join(mkdtempSync(join(tmpdir(), 'fedlab-')), 'urls.json');
  globalThis.fedlab = await startFedlab({ ports: 'auto', urlsFile });
  process.env.FEDLAB_URLS_FILE = urlsFile;
}
