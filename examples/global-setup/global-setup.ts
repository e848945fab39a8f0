/**
 * jest `globalSetup`: one fedlab for the whole suite. It runs once, in jest's parent process, before
 * any test file. Test files run in worker processes that inherit this process's environment, so the
 * setup hands them the path of fedlab's urls file in FEDLAB_URLS_FILE.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFedlab } from 'fedlab';
import type { SuiteFedlab } from './suite-fedlab.js';

export default async function globalSetup(): Promise<void> {
  // Already pointed at a fedlab (e.g. FEDLAB_URLS_FILE=.fedlab/urls.json next to `npm start`): use that one.
  if (process.env.FEDLAB_URLS_FILE) return;
  const dir = mkdtempSync(join(tmpdir(), 'fedlab-suite-'));
  const urlsFile = join(dir, 'urls.json');
  const fedlab = await startFedlab({ ports: 'auto', urlsFile });
  process.env.FEDLAB_URLS_FILE = urlsFile;
  // globalThis is shared with globalTeardown (not with the test files).
  (globalThis as SuiteFedlab).suiteFedlab = { fedlab, dir };
}
