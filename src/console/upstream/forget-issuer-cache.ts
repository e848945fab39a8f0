import { ConsoleError } from '../http/console-error.js';
import type { ConsoleRuntime } from '../runtime.js';
import { fedlabControl } from './fedlab-control.js';

/**
 * After an AWS issuer fault is injected or cleared, the fake Entra's cache of the issuer's
 * discovery and keys is dropped, so that the very next exchange shows the change (best effort).
 */
export async function forgetIssuerCache(runtime: ConsoleRuntime): Promise<void> {
  if (!runtime.urls.entra) return;
  try {
    await fedlabControl(runtime, 'entra', 'DELETE', '/issuer-keys');
  } catch (error) {
    if (!(error instanceof ConsoleError)) throw error;
    runtime.logger.debug({ reason: error.message }, 'could not drop the Entra issuer key cache');
  }
}
