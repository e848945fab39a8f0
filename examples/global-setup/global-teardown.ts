/** jest `globalTeardown`: closes the fedlab that global-setup.ts started, if it started one. */
import { rmSync } from 'node:fs';
import type { SuiteFedlab } from './suite-fedlab.js';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as SuiteFedlab).suiteFedlab;
  if (!started) return;
  await started.fedlab.close();
  rmSync(started.dir, { recursive: true, force: true });
}
