import { drainLogger, type Logger } from '../core/logger.js';

/** How long closing may take before fedlab gives up on it and exits anyway. */
export const SHUTDOWN_TIMEOUT_MS = 5_000;

export interface ShutdownOptions {
  logger: Logger;
  /** Closes listeners and stores; resolves once done. */
  close: () => Promise<void>;
  /** Signals that start the shutdown (default SIGINT and SIGTERM). */
  signals?: NodeJS.Signals[];
  /** Called when the close is abandoned (a second signal, or the timeout), before the exit. */
  force?: () => void;
}

/**
 * The first signal closes everything and exits 0 (1 if closing failed or took longer than
 * SHUTDOWN_TIMEOUT_MS); a second one exits at once with 130. Neither waits for standard output or
 * error to be readable: a reader that has gone (EPIPE) never keeps fedlab alive.
 */
export function exitOnSignals({ logger, close, signals = ['SIGINT', 'SIGTERM'], force }: ShutdownOptions): (reason: string) => void {
  let closing = false;
  const exit = async (code: number) => {
    await drainLogger(logger);
    process.exit(code);
  };
  const shutdown = (reason: string) => {
    if (closing) {
      force?.();
      logger.warn({ signal: reason }, 'second signal: exiting without waiting for the close');
      void drainLogger(logger, 200).then(() => process.exit(130));
      return;
    }
    closing = true;
    logger.info({ signal: reason }, 'shutting down');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, SHUTDOWN_TIMEOUT_MS, 'timeout').unref());
    Promise.race([close().then(() => 'closed' as const), timeout]).then(
      (outcome) => {
        if (outcome === 'timeout') {
          force?.();
          logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'close did not finish in time; exiting');
        }
        return exit(outcome === 'closed' ? 0 : 1);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'close failed');
        return exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, () => shutdown(signal));
  return shutdown;
}

