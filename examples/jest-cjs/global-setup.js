const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/**
 * Runs once, in jest's parent process, under Node's own module loader (not jest's module
 * registry), so `import()` loads fedlab's ES modules on every Node version. Test files find the
 * running fedlab through its urls file (FEDLAB_URLS_FILE, inherited by jest's workers).
 */
module.exports = async function globalSetup() {
  const { startFedlab } = await import('fedlab');
  const urlsFile = join(mkdtempSync(join(tmpdir(), 'fedlab-')), 'urls.json');
  globalThis.fedlab = await startFedlab({ ports: 'auto', urlsFile });
  process.env.FEDLAB_URLS_FILE = urlsFile;
};
