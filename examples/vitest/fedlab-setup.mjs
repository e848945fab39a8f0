import { startFedlab } from 'fedlab';

/** vitest globalSetup: runs once before every test file; the returned function closes fedlab at the end. */
export default async function setup({ provide }) {
  const fedlab = await startFedlab({ ports: 'auto' });
  provide('fedlabUrls', fedlab.urls);
  provide('fedlabCa', fedlab.ca);
  return () => fedlab.close();
}
